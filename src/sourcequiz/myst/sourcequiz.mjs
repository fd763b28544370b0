/* sourcequiz for Jupyter Book 2 (mystmd): the {quiz} and {quiz-progress} directives and the {cite-source}
   and {quote-source} roles of the Sphinx book, with the same options. Installed into a project by
   `sourcequiz myst init`, which copies this file, quiz.js, quiz.css and progress.js into _sourcequiz/ and
   lists this file in myst.yml.

   The directive and the roles only leave placeholders. A document transform then sends the page's
   placeholders to Python in one request (`sourcequiz myst resolve`, JSON on stdin and stdout), so payloads
   and citations come from the same code as the Sphinx book, and puts the answers in their place:
   - a quiz becomes an `anywidget` node: quiz.js (the book's and the notebooks' ES module) draws it from
     its model {kind, markup, progress, kernel: false}, the markup html.py makes with the payload in it;
   - a citation becomes a superscript label that carries what it cites (source, quote, sentence anchors);
   - a progress table becomes an `anywidget` node drawn by progress.js: every quizzed page's score, from the
     answers quiz.js keeps in this browser;
   - a notebook's quiz(...) output (its application/vnd.sourcequiz.quiz+json reference) becomes a quiz node,
     rebuilt from the current banks as the Sphinx book does.
   A mistake (unknown bank, quote not in the source) is a warning located at the directive or role.
   Python: $SOURCEQUIZ_PYTHON, else the Python that ran `sourcequiz myst init` (settings.json), else
   `sourcequiz` on the PATH. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const PROJECT = dirname(HERE);
const ASSETS = "/" + HERE.slice(PROJECT.length + 1).split("\\").join("/");
const REQUEST_VERSION = 1;
const QUIZ = "sourcequizQuiz";
const CITATION = "sourcequizCitation";
const PROGRESS = "sourcequizProgress";
const REFERENCE = "application/vnd.sourcequiz.quiz+json";  // what a notebook's quiz(...) output stores

const quizDirective = {
  name: "quiz",
  doc: "A sourcequiz quiz: a bank id, or a set file's path relative to the page.",
  arg: { type: String, required: true, doc: "a bank id, or the path of a set file (relative to the page)" },
  options: {
    questions: { type: String, doc: "only these question ids, separated by commas" },
    shuffle: { type: Boolean, doc: "shuffle the questions (seed 0 unless :seed: says otherwise)" },
    limit: { type: Number, doc: "show at most N questions" },
    seed: { type: Number, doc: "the seed of the shuffle" },
    exam: { type: Boolean, doc: "feedback only after Submit" },
  },
  run(data) {
    const options = data.options || {};
    return [{
      type: QUIZ,
      request: {
        source: String(data.arg || "").trim(),
        questions: options.questions ?? null,
        shuffle: !!options.shuffle,
        limit: options.limit ?? null,
        seed: options.seed ?? null,
        exam: !!options.exam,
      },
      position: data.node.position,
    }];
  },
};

const progressDirective = {
  name: "quiz-progress",
  doc: "Your progress: the score of every page's quiz, from the answers kept in this browser, with a reset.",
  run(data) {
    return [{ type: PROGRESS, position: data.node.position }];
  },
};

function citationRole(name, showQuote) {
  return {
    name,
    doc: showQuote ? "The quoted words, then a link to them in the source." : "A link to a quoted passage of a source.",
    body: { type: String, required: true, doc: 'SOURCE: "QUOTE" (verbatim; " ... " joins fragments)' },
    run(data) {
      return [{ type: CITATION, request: { text: String(data.body ?? "") }, showQuote, position: data.node.position }];
    },
  };
}

function pythonCommand() {
  const resolve = ["myst", "resolve"];
  if (process.env.SOURCEQUIZ_PYTHON) return [process.env.SOURCEQUIZ_PYTHON, ["-m", "sourcequiz.cli", ...resolve]];
  const settings = join(HERE, "settings.json");
  if (existsSync(settings)) {
    try {
      const python = JSON.parse(readFileSync(settings, "utf8")).python;
      if (python && existsSync(python)) return [python, ["-m", "sourcequiz.cli", ...resolve]];
    } catch (err) { /* an unreadable settings file: fall back to the PATH */ }
  }
  return ["sourcequiz", resolve];
}

/* One request per page; null (after a warning) when Python cannot answer. */
function ask(request, vfile) {
  const [program, args] = pythonCommand();
  const run = spawnSync(program, args, { input: JSON.stringify(request), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : (run.stderr || "").trim() || `exit code ${run.status}`;
    vfile.message(`sourcequiz: could not run ${program} to build this page's quizzes and citations (${why}). ` +
      "Install sourcequiz in the Python you build with, run `sourcequiz myst init` again, or set SOURCEQUIZ_PYTHON. " +
      "[sourcequiz.plugin]");
    return null;
  }
  try {
    return JSON.parse(run.stdout);
  } catch (err) {
    vfile.message(`sourcequiz: ${program} answered with something other than JSON (${err.message}) [sourcequiz.plugin]`);
    return null;
  }
}

/* The quiz reference a notebook's quiz(...) output carries, or null. */
function reference(node) {
  const data = node.jupyter_data && node.jupyter_data.data;
  const entry = data && data[REFERENCE];
  if (!entry || typeof entry !== "object") return null;
  if (typeof entry.content !== "string") return entry;  // the JSON itself, as the notebook holds it
  try {
    return JSON.parse(entry.content);  // as mystmd stores it once the page is written
  } catch (err) {
    return null;
  }
}

function replace(node, replacement) {
  const position = node.position;
  for (const key of Object.keys(node)) delete node[key];
  Object.assign(node, replacement, position ? { position } : {});
}

function warn(vfile, node, text, subtype) {
  vfile.message(`${text} [sourcequiz.${subtype}]`, node.position ? { start: node.position.start, end: node.position.end } : undefined);
}

function quizNode(answer) {
  return {
    type: "anywidget",
    esm: `${ASSETS}/quiz.js`,
    css: `${ASSETS}/quiz.css`,
    class: "sq-anywidget",
    id: `sq-widget-${answer.payload.key}`,
    // no kernel behind a static page: the quiz keeps its answers in localStorage, as in the Sphinx book
    model: { kind: "quiz", markup: answer.markup, progress: {}, kernel: false },
  };
}

function progressNode(answer) {
  return {
    type: "anywidget",
    esm: `${ASSETS}/progress.js`,
    css: `${ASSETS}/quiz.css`,
    class: "sq-anywidget",
    id: "sq-progress",
    model: { markup: answer.markup },
  };
}

function citationNode(found, showQuote) {
  const mark = {
    type: "superscript",
    class: "sq-cite",
    sourcequiz: found,
    children: [{ type: "text", value: `[${found.label}]` }],
  };
  if (!showQuote) return mark;
  return { type: "span", class: "sq-quoted", children: [
    { type: "span", class: "sq-quote", children: [{ type: "text", value: `\u201c${found.quote}\u201d\u00a0` }] }, mark] };
}

const resolveTransform = {
  name: "sourcequiz-resolve",
  doc: "Build the page's quizzes and citations with Python, in one request.",
  stage: "document",
  plugin: (_options, utils) => (tree, vfile) => {
    const quizzes = utils.selectAll(QUIZ, tree);
    const citations = utils.selectAll(CITATION, tree);
    const tables = utils.selectAll(PROGRESS, tree);
    // [the output, what to replace]: a cell's outputs node whole when the quiz is its only output, as the
    // theme draws an anywidget node of a page; else the output alone
    const outputs = utils.selectAll("outputs", tree).flatMap((cell) => (cell.children || [])
      .filter((n) => n.type === "output" && reference(n) !== null)
      .map((n) => [n, cell.children.length === 1 ? cell : n]));
    if (!quizzes.length && !citations.length && !tables.length && !outputs.length) return;
    const answer = ask({
      version: REQUEST_VERSION, project: PROJECT, page: vfile.path,
      quizzes: quizzes.map((n) => n.request), citations: citations.map((n) => n.request), progress: tables.map(() => ({})),
      outputs: outputs.map(([node]) => reference(node)),
    }, vfile);
    if (answer && answer.stale) {
      vfile.message("sourcequiz: the project's _sourcequiz/ files differ from the installed sourcequiz's; " +
        "run `sourcequiz myst init` again [sourcequiz.plugin]");
    }
    quizzes.forEach((node, n) => {
      const result = answer ? answer.quizzes[n] : { error: "not built" };
      if (result.error) {
        if (answer) warn(vfile, node, result.error.startsWith("quiz") ? result.error : `quiz: ${result.error}`, "quiz");
        replace(node, { type: "paragraph", children: [{ type: "text", value: `(quiz ${node.request.source}: not built)` }] });
      } else {
        replace(node, quizNode(result));
      }
    });
    outputs.forEach(([node, replaced], n) => {
      const result = answer && answer.outputs ? answer.outputs[n] : { error: "not built" };
      if (result.error) {
        if (answer) warn(vfile, node, `quiz output: ${result.error}`, "quiz");  // the output stays as it was
      } else {
        replace(replaced, quizNode(result));
      }
    });
    tables.forEach((node, n) => {
      const result = answer && answer.progress ? answer.progress[n] : { error: "not built" };
      if (result.error) {
        if (answer) warn(vfile, node, `quiz-progress: ${result.error}`, "progress");
        replace(node, { type: "paragraph", children: [{ type: "text", value: "(quiz progress: not built)" }] });
      } else {
        replace(node, progressNode(result));
      }
    });
    citations.forEach((node, n) => {
      const result = answer ? answer.citations[n] : { error: "not built" };
      if (result.error) {
        if (answer) warn(vfile, node, `cite-source: ${result.error}`, "citation");
        replace(node, { type: "inlineCode", value: node.request.text });
      } else {
        replace(node, citationNode(result.citation, node.showQuote));
      }
    });
  },
};

const plugin = {
  name: "sourcequiz",
  directives: [quizDirective, progressDirective],
  roles: [citationRole("cite-source", false), citationRole("quote-source", true)],
  transforms: [resolveTransform],
};

export default plugin;
