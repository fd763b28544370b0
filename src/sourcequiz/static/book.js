/* Highlight the sentences a citation quotes on a source page.
 * A citation link looks like  tariq-2020.html?cite=12-13,20#tariq-2020-s12 : the hash lands on the
 * first sentence (CSS :target marks it even without this script); `cite` lists every sentence the quote
 * spans, which this script marks with the class `sq-cited`. No network, no framework. */
(function () {
  "use strict";

  function sentenceNumbers(spec) {
    var numbers = [];
    spec.split(",").forEach(function (part) {
      var bounds = part.split("-").map(function (x) { return parseInt(x, 10); });
      var first = bounds[0];
      var last = bounds.length > 1 ? bounds[1] : first;
      if (isNaN(first) || isNaN(last) || last < first || last - first > 500) { return; }
      for (var n = first; n <= last; n += 1) { numbers.push(n); }
    });
    return numbers;
  }

  function highlight() {
    document.querySelectorAll(".sq-cited").forEach(function (el) { el.classList.remove("sq-cited"); });
    var target = /^(.+)-s(\d+)$/.exec(decodeURIComponent(window.location.hash.slice(1)));
    var spec = new URLSearchParams(window.location.search).get("cite");
    if (!target || !spec) { return; }
    var numbers = sentenceNumbers(spec);
    // Only when the hash is still the citation's own first sentence (not a later in-page jump).
    if (numbers.indexOf(parseInt(target[2], 10)) < 0) { return; }
    numbers.forEach(function (n) {
      var el = document.getElementById(target[1] + "-s" + n);
      if (el) { el.classList.add("sq-cited"); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
  window.addEventListener("hashchange", highlight);
})();
