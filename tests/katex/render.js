// Renders LaTeX with KaTeX, throwOnError on: reads a JSON list of
// {"tex": ..., "display": bool} on stdin, writes a JSON list of errors
// (null where the formula rendered) on stdout.
const katex = require("katex");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map(({ tex, display }) => {
    try {
      katex.renderToString(tex, { throwOnError: true, displayMode: display, strict: "error" });
      return null;
    } catch (err) {
      return String(err.message || err);
    }
  });
  process.stdout.write(JSON.stringify(results));
});
