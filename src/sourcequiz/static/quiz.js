/* sourcequiz: the one front end, book and notebook (anywidget's render). Markup and payload
   (<script class="sq-data">) from html.py, bank text escaped there; `grade`: the only grading rules.
   Progress: book, localStorage "sourcequiz:<question id>" = {a: answer, c: checked}; notebook, the kernel.
   Each graded answer dispatches "sourcequiz:answered" (CONTRIBUTING.md). */
const PREFIX = "sourcequiz:";
const local = {
  get: (id) => { try { return JSON.parse(localStorage.getItem(PREFIX + id)); } catch (e) { return null; } },
  set: (id, v) => { try { localStorage.setItem(PREFIX + id, JSON.stringify(v)); } catch (e) { /* private mode */ } },
  drop: (id) => { try { localStorage.removeItem(PREFIX + id); } catch (e) { /* idem */ } },
};

function make(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}
const all = (root, selector) => [...root.querySelectorAll(selector)];

function shuffleChildren(parent, selector) {
  const items = all(parent, selector);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  items.forEach((item) => item.parentNode.appendChild(item));
}

/* --- grading --- */
function parseNumber(text, unit) {
  text = String(text).normalize("NFKC").trim().replace(/\u2212/g, "-");
  if (unit && text.toLowerCase().endsWith(unit.toLowerCase())) text = text.slice(0, -unit.length);
  text = text.replace(/[,\s_\u00a0\u2009\u202f']/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const value = parseFloat(text);
  return isFinite(value) ? value : null;
}

function normText(text) {
  text = String(text).normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  return text.replace(/^[ .,;:!?"'\u201c\u201d\u2018\u2019]+|[ .,;:!?"'\u201c\u201d\u2018\u2019]+$/g, "");
}

const result = (answered, correct, notes, message) =>
  ({ answered, correct: !!correct, notes: notes || [], message: message || "" });
const ask = (message) => result(false, false, [], message);
const sorted = (list) => list.slice().sort((x, y) => x - y);

/* `a`: single, an option index or null; multiple, indices; true_false, a boolean or null; numeric, text:
   the typed text; order, item indices as shown; match, per pair the chosen right side's index or null. */
export function grade(q, a) {
  switch (q.type) {
    case "single":
      if (a === null) return ask("Choose an option first.");
      return result(true, q.options[a].correct, q.options[a].feedback ? [q.options[a].feedback] : []);
    case "multiple": {
      if (!a.length) return ask("Choose at least one option first.");
      const keyed = q.options.map((o, i) => (o.correct ? i : -1)).filter((i) => i >= 0);
      const notes = sorted(a).map((k) => q.options[k].feedback).filter(Boolean);
      return result(true, sorted(a).join() === keyed.join(), notes);
    }
    case "true_false":
      if (a === null) return ask("Choose True or False first.");
      return result(true, a === q.answer, q.answer ? [] : ["Correction: " + q.correction]);
    case "numeric": {
      const value = parseNumber(a, q.unit);
      if (value === null) return ask("Type a number first, such as 1,500 or 2.5.");
      return result(true, Math.abs(value - q.answer) <= q.tolerance + 1e-9 * Math.max(1, Math.abs(q.answer)));
    }
    case "text": {
      const given = normText(a);
      if (!given) return ask("Type an answer first.");
      return result(true, q.answers.some((x) => normText(x) === given));
    }
    case "order":
      return result(true, a.every((x, i) => x === i));
    case "match": {
      if (a.some((x) => x === null)) return ask("Choose a match for every item first.");
      const right = a.filter((x, k) => x === k).length;
      return result(true, right === a.length, right === a.length ? [] : [`${right} of ${a.length} matches are right.`]);
    }
  }
  return result(false);
}

/* --- a question's answer in the page --- */
function readAnswer(q, li) {
  const checked = all(li, "input:checked").map((x) => x.value);
  switch (q.type) {
    case "single": return checked.length ? Number(checked[0]) : null;
    case "multiple": return checked.map(Number);
    case "true_false": return checked.length ? checked[0] === "true" : null;
    case "numeric": case "text": return li.querySelector(".sq-input").value;
    case "order": return all(li, ".sq-item").map((x) => Number(x.dataset.index));
    case "match": return all(li, "select").map((s) => (s.value === "" ? null : Number(s.value)));
  }
  return null;
}

function writeAnswer(q, li, a) {
  if (q.type === "numeric" || q.type === "text") {
    li.querySelector(".sq-input").value = a || "";
  } else if (q.type === "order") {
    const list = li.querySelector(".sq-order");
    (a || []).forEach((index) => {
      const item = list.querySelector(`.sq-item[data-index="${Number(index)}"]`);
      if (item) list.appendChild(item);
    });
  } else if (q.type === "match") {
    all(li, "select").forEach((s, k) => { s.value = a && a[k] != null ? String(a[k]) : ""; });
  } else {
    const wanted = a == null ? [] : [].concat(a).map(String);
    all(li, "input").forEach((input) => { input.checked = wanted.includes(input.value); });
  }
}

function clearAnswer(q, li) {
  if (q.type === "order") {
    for (let tries = 0; tries < 10 && grade(q, readAnswer(q, li)).correct; tries++) {
      shuffleChildren(li.querySelector(".sq-order"), ".sq-item");
    }
    return;
  }
  writeAnswer(q, li, q.type === "multiple" || q.type === "match" ? [] : null);
  if (q.type === "single" || q.type === "multiple") shuffleChildren(li.querySelector(".sq-options"), ".sq-option");
  all(li, "select").forEach((s) => {
    const blank = s.options[0];
    shuffleChildren(s, "option");
    s.insertBefore(blank, s.firstChild);
    s.value = "";
  });
}

function verdict(cls, icon) {
  const p = make("p", "sq-verdict " + cls);
  p.appendChild(make("span", "sq-icon", icon)).setAttribute("aria-hidden", "true");
  return p;
}

function showFeedback(q, li, res) {
  const box = li.querySelector(".sq-feedback");
  box.textContent = "";
  li.classList.remove("sq-right", "sq-wrong");
  if (!res) return;
  if (!res.answered) {
    box.appendChild(verdict("sq-info", "\u2139")).append(" " + res.message);
    return;
  }
  li.classList.add(res.correct ? "sq-right" : "sq-wrong");
  box.appendChild(verdict(res.correct ? "sq-yes" : "sq-no", res.correct ? "\u2714" : "\u2718"))
    .appendChild(make("strong", "", res.correct ? " Correct." : " Incorrect."));
  res.notes.forEach((note) => box.appendChild(make("p", "sq-note", note)));
  if (q.explanation) {
    const why = box.appendChild(make("p", "sq-expl"));
    why.appendChild(make("strong", "", "Explanation: "));
    why.append(q.explanation);
  }
  const evidence = box.appendChild(make("div", "sq-evidence"));
  evidence.appendChild(make("p", "sq-evidence-title", "Evidence from the sources:"));
  const list = evidence.appendChild(make("ul"));
  q.evidence.forEach((item) => {
    const row = list.appendChild(make("li"));
    row.appendChild(make("q", "", item.quote));
    row.append(" \u2014 ");
    const linked = item.href && /^(https?:|[^:]*$)/i.test(item.href);
    const name = row.appendChild(make(linked ? "a" : "cite", "", item.title));
    if (linked) name.href = item.href;
  });
}

/* --- one quiz; `model`: the anywidget model, or null in the book --- */
class Quiz {
  constructor(root, model) {
    this.root = root;
    this.model = model;
    this.store = model ? { get: (id) => (model.get("progress") || {})[id], set() {}, drop() {} } : local;
    this.data = JSON.parse(root.querySelector("script.sq-data").textContent);
    this.exam = !!this.data.exam;
    this.results = {};
    this.touched = {};
    this.attempts = {};
    this.byId = {};
    this.data.questions.forEach((q) => { this.byId[q.id] = q; });
    this.items = all(root, ".sq-q");
    this.score = root.querySelector(".sq-score");
    this.announcer = root.querySelector(".sq-announce");
    const save = (event) => { const li = event.target.closest(".sq-q"); if (li) this.save(li, false); };
    root.addEventListener("change", save);
    root.addEventListener("input", save);
    root.addEventListener("click", (event) => this.click(event));
    root.addEventListener("keydown", (event) => this.key(event));
    this.restore();
    root.setAttribute("data-sq-ready", "");
  }

  q(li) { return this.byId[li.dataset.qid]; }

  key(event) {
    if (event.key === "Enter" && !this.exam && event.target.matches(".sq-input")) {
      event.preventDefault();
      this.check(event.target.closest(".sq-q"));
    }
  }

  click(event) {
    const button = event.target.closest("button");
    if (!button || !this.root.contains(button)) return;
    const li = button.closest(".sq-q");
    const act = {
      "sq-check": () => this.check(li), "sq-retry": () => this.retry(li), "sq-up": () => this.move(button, -1),
      "sq-down": () => this.move(button, 1), "sq-submit": () => this.submit(), "sq-again": () => this.again(),
      "sq-reset": () => this.reset() }[button.classList[0]];
    if (act) act();
  }

  save(li, checked) {
    const q = this.q(li);
    this.touched[q.id] = true;
    this.store.set(q.id, { a: readAnswer(q, li), c: checked });
    if (this.exam && !this.submitted) this.updateScore();
  }

  check(li, res) {
    const q = this.q(li);
    const answer = readAnswer(q, li);
    res = res || grade(q, answer);
    showFeedback(q, li, res);
    if (res.answered) {
      this.results[q.id] = res.correct;
      const retry = li.querySelector(".sq-retry");
      if (retry) retry.hidden = false;
      if (!this.quiet) this.save(li, true);
    }
    this.updateScore();
    if (res.answered) this.report(q, answer, res.correct);
    return res;
  }

  /* A graded answer: a DOM event, and a message for the kernel. */
  report(q, answer, correct) {
    if (this.quiet) return;
    this.attempts[q.id] = (this.attempts[q.id] || 0) + 1;
    this.root.dispatchEvent(new CustomEvent("sourcequiz:answered", { bubbles: true, detail: {
      quiz: this.data.key, question: q.id, type: q.type, answer, correct, attempts: this.attempts[q.id],
      score: this.right(), total: this.items.length } }));
    this.send({ event: "answer", id: q.id, answer, correct });
  }

  send(message) { if (this.model && !this.quiet) this.model.send(message); }

  clear(li) {
    const q = this.q(li);
    clearAnswer(q, li);
    showFeedback(q, li, null);
    delete this.results[q.id];
    this.store.drop(q.id);
    const retry = li.querySelector(".sq-retry");
    if (retry) retry.hidden = true;
    return q;
  }

  retry(li) {
    this.send({ event: "retry", id: this.clear(li).id });
    this.updateScore();
    const first = li.querySelector("input, select, .sq-item button");
    if (first) first.focus();
    this.say("The question is reset; its options are in a new order.");
  }

  move(button, step) {
    const item = button.closest(".sq-item");
    const items = all(item.parentNode, ".sq-item");
    const to = items.indexOf(item) + step;
    const text = item.querySelector(".sq-item-text").textContent;
    if (to < 0 || to >= items.length) {
      this.say(`\u201c${text}\u201d is already ${to < 0 ? "first." : "last."}`);
      return;
    }
    item.parentNode.insertBefore(item, step < 0 ? items[to] : items[to].nextSibling);
    button.focus();
    this.save(item.closest(".sq-q"), false);
    this.say(`\u201c${text}\u201d moved to position ${to + 1} of ${items.length}.`);
  }

  submit() {
    this.items.forEach((li) => {
      const res = grade(this.q(li), readAnswer(this.q(li), li));
      this.check(li, res.answered ? res : result(true, false, ["Not answered."]));
    });
    this.setLocked(true);
    this.updateScore();
    this.score.focus();
  }

  setLocked(locked) {
    all(this.root, ".sq-fieldset").forEach((f) => { f.disabled = locked; });
    const submit = this.root.querySelector(".sq-submit");
    const again = this.root.querySelector(".sq-again");
    if (submit) submit.hidden = locked;
    if (again) again.hidden = !locked;
    this.submitted = locked;
  }

  clearAll() {
    this.items.forEach((li) => this.clear(li));
    this.touched = {};
    this.setLocked(false);
    this.updateScore();
    this.send({ event: "reset" });
  }

  again() {
    if (this.data.shuffle) {
      shuffleChildren(this.root.querySelector(".sq-list"), ".sq-q");
      this.items = all(this.root, ".sq-q");
    }
    this.clearAll();
    const first = this.root.querySelector(".sq-q input, .sq-q select, .sq-q button");
    if (first) first.focus();
    this.say("The quiz is reset; the options are in a new order.");
  }

  reset() {
    this.clearAll();
    this.say("Progress cleared: every answer of this quiz is removed.");
  }

  /* Saved answers come back, not reported again. */
  restore() {
    this.quiet = true;
    let checked = 0;
    this.items.forEach((li) => {
      const q = this.q(li);
      const saved = this.store.get(q.id);
      if (!saved) return;
      writeAnswer(q, li, saved.a);
      this.touched[q.id] = true;
      if (saved.c) {
        checked += 1;
        if (!this.exam) this.check(li);
      }
    });
    if (this.exam && checked === this.items.length && checked > 0) this.submit();
    this.quiet = false;
    this.updateScore();
  }

  right() { return Object.values(this.results).filter(Boolean).length; }

  updateScore() {
    const total = this.items.length;
    const done = Object.keys(this.results).length;
    const right = this.right();
    if (this.exam && !this.submitted) {
      this.score.textContent = `Answered ${Object.keys(this.touched).length} of ${total}. Press Submit to see your score.`;
      return;
    }
    this.score.textContent = `Score: ${right} of ${total} correct.` + (done && done < total ? ` (${done} checked)` : "");
  }

  say(text) {
    const node = this.announcer;
    node.textContent = "";
    setTimeout(() => { node.textContent = text; }, 50);
  }
}

/* --- notebooks --- */

/* Ids and radio groups unique per view: a notebook may show a quiz twice. */
function ownIds(root, suffix) {
  const names = ["id", "for", "name", "aria-describedby", "aria-labelledby"];
  for (const node of [root, ...all(root, names.map((name) => `[${name}]`).join())]) {
    for (const name of names) {
      const value = node.getAttribute(name);
      if (value) node.setAttribute(name, value.split(" ").map((part) => part + suffix).join(" "));
    }
  }
}

/* A passage exercise: the kernel checks it, sends back the verdict (escaped markup). */
function exercise(root, model) {
  const out = root.querySelector(".sq-feedback");
  root.setAttribute("data-sq-ready", "");
  const show = () => { out.innerHTML = model.get("verdict"); };
  root.querySelector(".sq-check").addEventListener("click", () =>
    model.send({ event: "passage", text: root.querySelector("textarea").value }));
  model.on("change:verdict", show);
  show();
}

function render({ model, el }) {
  el.innerHTML = model.get("markup");
  const root = el.firstElementChild;
  ownIds(root, "-v" + Math.random().toString(36).slice(2, 8));
  // kernel: false: a static page (mystmd)
  const quiz = model.get("kind") === "exercise" ? exercise(root, model)
    : new Quiz(root, model.get("kernel") === false ? null : model);
  // JupyterLab, Notebook 7: keys typed here are the quiz's, not the notebook's shortcuts (some listen in the
  // capture phase), but Escape and Ctrl/Alt/Meta keys.
  const keys = (e) => {
    if (el.contains(e.target) && !(e.key === "Escape" || e.ctrlKey || e.metaKey || e.altKey)) {
      e.stopPropagation();
      if (quiz) quiz.key(e);
    }
  };
  addEventListener("keydown", keys, true);
  return () => removeEventListener("keydown", keys, true);
}

export default { render };

/* --- the book, and notebooks saved without a kernel: every quiz --- */
function start() {
  all(document, ".sq-quiz:not([data-sq-ready])").forEach((root) => {
    try { root.sourcequiz = new Quiz(root, null); } catch (err) { console.error("sourcequiz: this quiz could not start", err); }
  });
}

if (typeof document !== "undefined") {
  start();  // the quizzes parsed so far (an inline copy runs right after its quiz); the rest once parsed
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
}
