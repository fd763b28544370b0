/* Repairs to the book theme's own markup that accessibility checkers (axe-core) flag on every page.
 * Only attributes change; nothing moves, and the theme's behaviour stays its own.
 * - Buttons whose accessible name leaves out their visible text (search) take the text as their name;
 *   the colour-mode button's icons (titled SVGs once Font Awesome swaps them in) are decorative.
 * - Icon-only <summary> toggles of the sidebar's contents are named after the entry they expand.
 * - Hidden-code toggles are named by the words they show ("Show code cell source").
 * - The sidebar's top items sit inside a navigation landmark. */
(function () {
  "use strict";

  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }

  function repair() {
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      var quiet = function () {
        button.querySelectorAll("svg, i").forEach(function (icon) {
          if (icon.getAttribute("aria-hidden") === "true") { return; }
          icon.setAttribute("aria-hidden", "true");
          icon.removeAttribute("role");
          icon.removeAttribute("title");
          icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
        });
      };
      quiet();
      new MutationObserver(quiet).observe(button, {childList: true, subtree: true});
    });
    document.querySelectorAll("nav details > summary").forEach(function (summary) {
      if (text(summary)) { return; }
      var entry = summary.parentElement.parentElement.querySelector(":scope > a");
      summary.setAttribute("aria-label", "Sections of " + (entry ? text(entry) : "this entry"));
    });
    document.querySelectorAll("details.hide > summary[aria-label]").forEach(function (summary) {
      if (text(summary)) { summary.removeAttribute("aria-label"); }
    });
    document.querySelectorAll(".sidebar-primary-items__start").forEach(function (items) {
      if (!items.closest("nav, [role=navigation]")) {
        items.setAttribute("role", "navigation");
        items.setAttribute("aria-label", "Book");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
})();
