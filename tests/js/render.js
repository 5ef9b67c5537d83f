// Renders LaTeX with KaTeX and with MathJax 3, each set to fail loudly.
//
//   node render.js [--katex] [--mathjax]
//       reads a JSON list of {"tex": ..., "display": bool} on stdin and writes
//       a JSON list of {"katex": error-or-null, "mathjax": error-or-null}
//       (a renderer not asked for, when one is named, reports null)
//   node render.js --html
//       same input; each result also carries "katex_html" (KaTeX's HTML) and
//       "mathjax_svg" (MathJax's SVG output), null where that renderer failed
//   node render.js --mathjax-css
//       writes the stylesheet a page needs for the SVG output, no input read
//
// KaTeX: throwOnError and strict "error". MathJax: TeX input with the packages
// a page author has (base, ams, newcommand) but not noundefined, so an unknown
// macro is an error; formatError throws, so an error is reported, never drawn
// in red. MathJax shows text mode verbatim (without the textmacros package,
// which pages do not load by default, \text{a\_b} reads "a\_b"): a backslash
// left in a text node is reported as an error too. One process and one
// MathJax document serve the whole batch, so thousands of formulas take
// seconds.
"use strict";

const args = process.argv.slice(2);
const HTML = args.includes("--html");
const named = args.filter((a) => a === "--katex" || a === "--mathjax");
const USE_KATEX = HTML || named.length === 0 || named.includes("--katex");
const USE_MATHJAX = HTML || named.length === 0 || named.includes("--mathjax") || args.includes("--mathjax-css");

const MATHJAX_PACKAGES = ["base", "ams", "newcommand"];

const katex = USE_KATEX ? require("katex") : null;
let MJ = null;
if (USE_MATHJAX) {
  MJ = {
    mathjax: require("mathjax-full/js/mathjax.js").mathjax,
    TeX: require("mathjax-full/js/input/tex.js").TeX,
    SVG: require("mathjax-full/js/output/svg.js").SVG,
    STATE: require("mathjax-full/js/core/MathItem.js").STATE,
  };
  require("mathjax-full/js/input/tex/base/BaseConfiguration.js");
  require("mathjax-full/js/input/tex/ams/AmsConfiguration.js");
  require("mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js");
  MJ.adaptor = require("mathjax-full/js/adaptors/liteAdaptor.js").liteAdaptor();
  require("mathjax-full/js/handlers/html.js").RegisterHTMLHandler(MJ.adaptor);
}

function texInput() {
  return new MJ.TeX({
    packages: MATHJAX_PACKAGES,
    formatError(jax, err) {
      throw err;
    },
  });
}

function errorText(err) {
  return String((err && err.message) || err);
}

// -- KaTeX ---------------------------------------------------------------------

function katexHtml(tex, display) {
  return katex.renderToString(tex, { throwOnError: true, displayMode: display, strict: "error" });
}

// -- MathJax -------------------------------------------------------------------

// Checking needs only the parse: stop once the MathML tree is built.
let checkDoc = null;

function mathjaxCheck(tex, display) {
  if (checkDoc === null) checkDoc = MJ.mathjax.document("", { InputJax: texInput() });
  let tree;
  try {
    tree = checkDoc.convert(tex, { display, end: MJ.STATE.CONVERT });
  } catch (err) {
    checkDoc = null; // a failed parse may leave state behind: the next formula starts afresh
    throw err;
  }
  tree.walkTree((node) => {
    if (node.isKind("mtext") && node.getText().includes("\\")) {
      throw new Error(`TeX shown verbatim in text mode: "${node.getText()}" (a macro inside \\text{})`);
    }
  });
}

let svgDoc = null;

function svgDocument() {
  if (svgDoc === null) {
    // fontCache "local": every SVG carries its own glyphs and stands alone in a page.
    const output = new MJ.SVG({ fontCache: "local" });
    svgDoc = MJ.mathjax.document("", { InputJax: texInput(), OutputJax: output });
  }
  return svgDoc;
}

function mathjaxSvg(tex, display) {
  mathjaxCheck(tex, display);
  const node = svgDocument().convert(tex, { display, em: 16, ex: 8, containerWidth: 800 });
  return MJ.adaptor.outerHTML(node);
}

// -- the batch -----------------------------------------------------------------

function attempt(enabled, fn) {
  if (!enabled) return { value: null, error: null };
  try {
    return { value: fn(), error: null };
  } catch (err) {
    return { value: null, error: errorText(err) };
  }
}

function main(input) {
  const results = JSON.parse(input).map(({ tex, display }) => {
    display = Boolean(display);
    const k = attempt(USE_KATEX, () => katexHtml(tex, display));
    const m = attempt(USE_MATHJAX, () => (HTML ? mathjaxSvg(tex, display) : mathjaxCheck(tex, display)));
    const result = { katex: k.error, mathjax: m.error };
    if (HTML) Object.assign(result, { katex_html: k.value, mathjax_svg: m.value });
    return result;
  });
  process.stdout.write(JSON.stringify(results));
}

if (args.includes("--mathjax-css")) {
  const doc = svgDocument();
  process.stdout.write(MJ.adaptor.textContent(doc.outputJax.styleSheet(doc)));
} else {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (input += chunk));
  process.stdin.on("end", () => main(input));
}
