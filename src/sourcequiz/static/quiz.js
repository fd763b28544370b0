/* sourcequiz: grades the static quizzes of the book in the browser.
   No framework, no network. Each .sq-quiz holds its markup (made by sourcequiz/html.py) and its
   payload in <script type="application/json" class="sq-data">. The grading rules mirror
   sourcequiz/grading.py. Bank text is only ever set with textContent, never parsed as HTML.
   Progress is kept in localStorage under "sourcequiz:<question id>". */
(function () {
  "use strict";
  var PREFIX = "sourcequiz:";

  var store = {
    get: function (id) {
      try { return JSON.parse(window.localStorage.getItem(PREFIX + id) || "null"); } catch (err) { return null; }
    },
    set: function (id, value) {
      try { window.localStorage.setItem(PREFIX + id, JSON.stringify(value)); } catch (err) { /* private mode */ }
    },
    drop: function (id) {
      try { window.localStorage.removeItem(PREFIX + id); } catch (err) { /* private mode */ }
    }
  };

  function make(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function shuffleChildren(parent, selector) {
    var items = all(parent, selector);
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = items[i]; items[i] = items[j]; items[j] = t;
    }
    items.forEach(function (item) { item.parentNode.appendChild(item); });
  }

  /* --- grading (see payload.grade) --- */
  function parseNumber(text, unit) {
    text = String(text).normalize("NFKC").trim().replace(/\u2212/g, "-");
    if (unit && text.toLowerCase().slice(-unit.length) === unit.toLowerCase()) {
      text = text.slice(0, text.length - unit.length);
    }
    text = text.replace(/[,\s_\u00a0\u2009\u202f']/g, "");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) { return null; }
    var value = parseFloat(text);
    return isFinite(value) ? value : null;
  }

  function normText(text) {
    text = String(text).normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    return text.replace(/^[ .,;:!?"'\u201c\u201d\u2018\u2019]+|[ .,;:!?"'\u201c\u201d\u2018\u2019]+$/g, "");
  }

  function result(answered, correct, notes, message) {
    return { answered: answered, correct: !!correct, notes: notes || [], message: message || "" };
  }

  function grade(q, a) {
    var i, keyed, notes;
    switch (q.type) {
      case "single":
        if (a === null) { return result(false, false, [], "Choose an option first."); }
        return result(true, q.options[a].correct, q.options[a].feedback ? [q.options[a].feedback] : []);
      case "multiple":
        if (!a.length) { return result(false, false, [], "Choose at least one option first."); }
        keyed = [];
        for (i = 0; i < q.options.length; i++) { if (q.options[i].correct) { keyed.push(i); } }
        notes = a.slice().sort(function (x, y) { return x - y; })
          .map(function (k) { return q.options[k].feedback; }).filter(Boolean);
        return result(true, a.slice().sort().join() === keyed.sort().join(), notes);
      case "true_false":
        if (a === null) { return result(false, false, [], "Choose True or False first."); }
        return result(true, a === q.answer, q.answer ? [] : ["Correction: " + q.correction]);
      case "numeric":
        var value = parseNumber(a, q.unit);
        if (value === null) { return result(false, false, [], "Type a number first, such as 1,500 or 2.5."); }
        return result(true, Math.abs(value - q.answer) <= q.tolerance + 1e-9 * Math.max(1, Math.abs(q.answer)));
      case "text":
        var given = normText(a);
        if (!given) { return result(false, false, [], "Type an answer first."); }
        return result(true, q.answers.some(function (x) { return normText(x) === given; }));
      case "order":
        for (i = 0; i < a.length; i++) { if (a[i] !== i) { return result(true, false); } }
        return result(true, true);
      case "match":
        if (a.some(function (x) { return x === null; })) {
          return result(false, false, [], "Choose a match for every item first.");
        }
        var right = a.filter(function (x, k) { return x === k; }).length;
        return result(true, right === a.length,
          right === a.length ? [] : [right + " of " + a.length + " matches are right."]);
    }
    return result(false);
  }

  /* --- reading and writing a question's answer in the page --- */
  function readAnswer(q, li) {
    var checked = all(li, "input:checked").map(function (x) { return x.value; });
    switch (q.type) {
      case "single": return checked.length ? Number(checked[0]) : null;
      case "multiple": return checked.map(Number);
      case "true_false": return checked.length ? checked[0] === "true" : null;
      case "numeric": case "text": return li.querySelector(".sq-input").value;
      case "order": return all(li, ".sq-item").map(function (x) { return Number(x.getAttribute("data-index")); });
      case "match": return all(li, "select").map(function (s) { return s.value === "" ? null : Number(s.value); });
    }
    return null;
  }

  function writeAnswer(q, li, a) {
    if (q.type === "numeric" || q.type === "text") {
      li.querySelector(".sq-input").value = a || "";
    } else if (q.type === "order") {
      var list = li.querySelector(".sq-order");
      (a || []).forEach(function (index) {
        var item = list.querySelector('.sq-item[data-index="' + index + '"]');
        if (item) { list.appendChild(item); }
      });
    } else if (q.type === "match") {
      all(li, "select").forEach(function (s, k) { s.value = a && a[k] !== null && a[k] !== undefined ? String(a[k]) : ""; });
    } else {
      var wanted = a === null || a === undefined ? [] : [].concat(a).map(String);
      all(li, "input").forEach(function (input) { input.checked = wanted.indexOf(input.value) >= 0; });
    }
  }

  function clearAnswer(q, li) {
    if (q.type === "order") {
      var list = li.querySelector(".sq-order");
      for (var tries = 0; tries < 10 && grade(q, readAnswer(q, li)).correct; tries++) { shuffleChildren(list, ".sq-item"); }
      return;
    }
    writeAnswer(q, li, q.type === "multiple" || q.type === "match" ? [] : null);
    if (q.type === "single" || q.type === "multiple") { shuffleChildren(li.querySelector(".sq-options"), ".sq-option"); }
    if (q.type === "match") {
      all(li, "select").forEach(function (s) {
        var blank = s.options[0];
        shuffleChildren(s, "option");
        s.insertBefore(blank, s.firstChild);
        s.value = "";
      });
    }
  }

  /* --- feedback --- */
  function showFeedback(q, li, res) {
    var box = li.querySelector(".sq-feedback");
    box.textContent = "";
    li.classList.remove("sq-right", "sq-wrong");
    if (!res) { return; }
    if (!res.answered && res.message) {
      var info = make("p", "sq-verdict sq-info");
      info.appendChild(make("span", "sq-icon", "\u2139")).setAttribute("aria-hidden", "true");
      info.appendChild(document.createTextNode(" " + res.message));
      box.appendChild(info);
      return;
    }
    li.classList.add(res.correct ? "sq-right" : "sq-wrong");
    var verdict = make("p", "sq-verdict " + (res.correct ? "sq-yes" : "sq-no"));
    verdict.appendChild(make("span", "sq-icon", res.correct ? "\u2714" : "\u2718")).setAttribute("aria-hidden", "true");
    verdict.appendChild(make("strong", "", res.correct ? " Correct." : " Incorrect."));
    box.appendChild(verdict);
    res.notes.forEach(function (note) { box.appendChild(make("p", "sq-note", note)); });
    if (q.explanation) {
      var why = make("p", "sq-expl");
      why.appendChild(make("strong", "", "Explanation: "));
      why.appendChild(document.createTextNode(q.explanation));
      box.appendChild(why);
    }
    var evidence = make("div", "sq-evidence");
    evidence.appendChild(make("p", "sq-evidence-title", "Evidence from the sources:"));
    var list = make("ul");
    q.evidence.forEach(function (item) {
      var row = make("li");
      row.appendChild(make("q", "", item.quote));
      row.appendChild(document.createTextNode(" \u2014 "));
      var name = item.href && !/^\s*javascript:/i.test(item.href) ? make("a", "", item.title) : make("cite", "", item.title);
      if (name.tagName === "A") { name.href = item.href; }
      row.appendChild(name);
      list.appendChild(row);
    });
    evidence.appendChild(list);
    box.appendChild(evidence);
  }

  /* --- one quiz --- */
  function Quiz(root) {
    var self = this;
    this.root = root;
    this.data = JSON.parse(root.querySelector("script.sq-data").textContent);
    this.exam = !!this.data.exam;
    this.results = {};
    this.touched = {};
    this.byId = {};
    this.data.questions.forEach(function (q) { self.byId[q.id] = q; });
    this.items = all(root, ".sq-q");
    this.score = root.querySelector(".sq-score");
    this.announcer = root.querySelector(".sq-announce");
    this.items.forEach(function (li) { self.wire(li); });
    root.addEventListener("click", function (event) { self.click(event); });
    this.restore();
    root.setAttribute("data-sq-ready", "");
  }

  Quiz.prototype.q = function (li) { return this.byId[li.getAttribute("data-qid")]; };

  Quiz.prototype.wire = function (li) {
    var self = this;
    var save = function () { self.save(li, false); };
    li.addEventListener("change", save);
    li.addEventListener("input", save);
    all(li, ".sq-input").forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !self.exam) { event.preventDefault(); self.check(li, true); }
      });
    });
  };

  Quiz.prototype.click = function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button || !this.root.contains(button)) { return; }
    var li = button.closest(".sq-q");
    var cls = button.classList;
    if (cls.contains("sq-check")) { this.check(li, true); }
    else if (cls.contains("sq-retry")) { this.retry(li); }
    else if (cls.contains("sq-up") || cls.contains("sq-down")) { this.move(button, cls.contains("sq-up") ? -1 : 1); }
    else if (cls.contains("sq-submit")) { this.submit(); }
    else if (cls.contains("sq-again")) { this.again(); }
    else if (cls.contains("sq-reset")) { this.reset(); }
  };

  Quiz.prototype.save = function (li, checked) {
    var q = this.q(li);
    this.touched[q.id] = true;
    store.set(q.id, { a: readAnswer(q, li), c: checked });
    if (this.exam && !this.submitted) { this.updateScore(); }
  };

  Quiz.prototype.check = function (li, save) {
    var q = this.q(li);
    var res = grade(q, readAnswer(q, li));
    showFeedback(q, li, res);
    if (res.answered) {
      this.results[q.id] = res.correct;
      var retry = li.querySelector(".sq-retry");
      if (retry) { retry.hidden = false; }
      if (save) { this.save(li, true); }
    }
    this.updateScore();
    return res;
  };

  Quiz.prototype.retry = function (li) {
    var q = this.q(li);
    clearAnswer(q, li);
    showFeedback(q, li, null);
    delete this.results[q.id];
    store.drop(q.id);
    li.querySelector(".sq-retry").hidden = true;
    this.updateScore();
    var first = li.querySelector("input, select, .sq-item button");
    if (first) { first.focus(); }
    this.say("The question is reset; its options are in a new order.");
  };

  Quiz.prototype.move = function (button, step) {
    var item = button.closest(".sq-item");
    var list = item.parentNode;
    var items = all(list, ".sq-item");
    var at = items.indexOf(item);
    var to = at + step;
    var text = item.querySelector(".sq-item-text").textContent;
    if (to < 0 || to >= items.length) {
      this.say("\u201c" + text + "\u201d is already " + (to < 0 ? "first." : "last."));
      return;
    }
    list.insertBefore(item, step < 0 ? items[to] : items[to].nextSibling);
    button.focus();
    this.save(item.closest(".sq-q"), false);
    this.say("\u201c" + text + "\u201d moved to position " + (to + 1) + " of " + items.length + ".");
  };

  Quiz.prototype.submit = function () {
    var self = this;
    this.items.forEach(function (li) {
      var q = self.q(li);
      var res = grade(q, readAnswer(q, li));
      if (!res.answered) { res = result(true, false, ["Not answered."]); }
      self.results[q.id] = res.correct;
      showFeedback(q, li, res);
      self.save(li, true);
    });
    this.setLocked(true);
    this.updateScore();
    this.score.focus();
  };

  Quiz.prototype.setLocked = function (locked) {
    all(this.root, ".sq-fieldset").forEach(function (f) { f.disabled = locked; });
    var submit = this.root.querySelector(".sq-submit");
    var again = this.root.querySelector(".sq-again");
    if (submit) { submit.hidden = locked; }
    if (again) { again.hidden = !locked; }
    this.submitted = locked;
  };

  Quiz.prototype.clearAll = function () {
    var self = this;
    this.items.forEach(function (li) {
      var q = self.q(li);
      clearAnswer(q, li);
      showFeedback(q, li, null);
      store.drop(q.id);
      var retry = li.querySelector(".sq-retry");
      if (retry) { retry.hidden = true; }
    });
    this.results = {};
    this.touched = {};
    this.setLocked(false);
    this.updateScore();
  };

  Quiz.prototype.again = function () {
    if (this.data.shuffle) { shuffleChildren(this.root.querySelector(".sq-list"), ".sq-q"); this.items = all(this.root, ".sq-q"); }
    this.clearAll();
    var first = this.root.querySelector(".sq-q input, .sq-q select, .sq-q button");
    if (first) { first.focus(); }
    this.say("The quiz is reset; the options are in a new order.");
  };

  Quiz.prototype.reset = function () {
    this.clearAll();
    this.say("Progress cleared: every answer of this quiz is removed from this browser.");
  };

  Quiz.prototype.restore = function () {
    var self = this;
    var checked = 0;
    this.items.forEach(function (li) {
      var q = self.q(li);
      var saved = store.get(q.id);
      if (!saved) { return; }
      writeAnswer(q, li, saved.a);
      self.touched[q.id] = true;
      if (saved.c) {
        checked += 1;
        if (!self.exam) { self.check(li, false); }
      }
    });
    if (this.exam && checked === this.items.length && checked > 0) { this.submit(); }
    this.updateScore();
  };

  Quiz.prototype.updateScore = function () {
    var total = this.items.length;
    var done = Object.keys(this.results).length;
    var right = 0;
    for (var id in this.results) { if (this.results[id]) { right += 1; } }
    if (this.exam && !this.submitted) {
      var answered = Object.keys(this.touched).length;
      this.score.textContent = "Answered " + answered + " of " + total + ". Press Submit to see your score.";
      return;
    }
    this.score.textContent = "Score: " + right + " of " + total + " correct." +
      (done && done < total ? " (" + done + " checked)" : "");
  };

  Quiz.prototype.say = function (text) {
    var node = this.announcer;
    node.textContent = "";
    window.setTimeout(function () { node.textContent = text; }, 50);
  };

  function start() {
    all(document, ".sq-quiz:not([data-sq-ready])").forEach(function (root) {
      try { root.sourcequiz = new Quiz(root); } catch (err) {
        if (window.console) { window.console.error("sourcequiz: this quiz could not start", err); }
      }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
