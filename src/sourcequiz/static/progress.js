/* sourcequiz: the "Your progress" page. Reads the answers quiz.js keeps in this browser
   (localStorage "sourcequiz:<question id>" = {a: answer, c: checked}), grades each checked answer with
   quiz.js's `grade` (the only implementation of the rules) against the questions the page carries
   (<script type="application/json" class="sq-progress-data">, written by sphinxext/progress.py), and
   shows each page's score. "Reset all progress" removes every sourcequiz answer from this browser.
   The Sphinx book starts every .sq-progress of the page; a Jupyter Book 2 page draws one through the
   default export's `render`, as an anywidget node.
   No network: nothing is read from or sent to anywhere but this browser's storage. */
import { grade } from "./quiz.js";

const PREFIX = "sourcequiz:";

function saved(id) {
  try { return JSON.parse(localStorage.getItem(PREFIX + id) || "null"); } catch (err) { return null; }
}

/* The questions of some pages, once each (a question may sit in two quizzes, or on two pages). */
function questionsOf(pages) {
  const byId = new Map();
  pages.forEach((page) => page.quizzes.forEach((quiz) => quiz.questions.forEach((q) => {
    if (!byId.has(q.id)) byId.set(q.id, q);
  })));
  return [...byId.values()];
}

function tally(questions) {
  let right = 0;
  let checked = 0;
  questions.forEach((q) => {
    const answer = saved(q.id);
    if (!answer || !answer.c) return;
    let result = null;
    try { result = grade(q, answer.a); } catch (err) { result = null; } // an answer saved by an older quiz
    if (!result || !result.answered) return;
    checked += 1;
    if (result.correct) right += 1;
  });
  return { right, checked, total: questions.length };
}

function show(row, counts) {
  row.querySelector(".sq-progress-score").textContent = counts.checked
    ? `${counts.right} of ${counts.total} correct` : "not started";
  row.querySelector(".sq-progress-checked").textContent = `${counts.checked} of ${counts.total}`;
}

function draw(root, pages) {
  pages.forEach((page) => {
    const row = [...root.querySelectorAll("tbody tr")].find((tr) => tr.dataset.sqPage === page.page);
    if (row) show(row, tally(questionsOf([page])));
  });
  show(root.querySelector("tfoot tr"), tally(questionsOf(pages)));
}

function reset(root, pages) {
  const keys = [];
  try {
    for (let n = 0; n < localStorage.length; n++) {
      const key = localStorage.key(n);
      if (key && key.startsWith(PREFIX)) keys.push(key);
    }
    keys.forEach((key) => localStorage.removeItem(key));
  } catch (err) { /* storage switched off: nothing was kept */ }
  draw(root, pages);
  const announce = root.querySelector(".sq-progress-announce");
  announce.textContent = "";
  window.setTimeout(() => {
    announce.textContent = `Progress cleared: ${keys.length} saved answer${keys.length === 1 ? "" : "s"} removed from this browser.`;
  }, 50);
}

function setup(root) {
  let pages = [];
  try { pages = JSON.parse(root.querySelector("script.sq-progress-data").textContent); } catch (err) {
    console.error("sourcequiz: the progress data of this page cannot be read", err);
    return;
  }
  draw(root, pages);
  root.querySelector(".sq-progress-reset").addEventListener("click", () => reset(root, pages));
  const again = (event) => {  // answers given in another tab
    if (event.key === null || event.key.startsWith(PREFIX)) draw(root, pages);
  };
  window.addEventListener("storage", again);
  root.setAttribute("data-sq-ready", "");
  return () => window.removeEventListener("storage", again);
}

/* As an anywidget module (a Jupyter Book 2 page): the model's markup is the table and its data. */
export function renderProgress({ model, el }) {
  el.innerHTML = model.get("markup");
  return setup(el.querySelector(".sq-progress"));
}

function start() {
  document.querySelectorAll(".sq-progress:not([data-sq-ready])").forEach(setup);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();

export default { render: renderProgress };
