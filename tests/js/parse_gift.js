// Parse a GIFT file with the independent gift-pegjs grammar and print the questions as JSON.
// Exit 1 with the located syntax error when the file does not parse.
const fs = require("fs");
const { parse } = require("gift-pegjs");
const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text), null, 1));
} catch (error) {
  const where = error.location ? `${error.location.start.line}:${error.location.start.column}` : "?";
  process.stderr.write(`${process.argv[2]}:${where}: ${error.message}\n`);
  process.exit(1);
}
