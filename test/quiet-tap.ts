// npm test's output in a log: TAP reduced to one line per test file, the summary, and
// every failing assertion with its YAML diagnostics and the subtests it sits in. Lines
// that are not TAP (a test's own output) pass through.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

export function quietTap(input: Readable, print: (line: string) => void): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const subtests: Array<{ indent: number; name: string }> = []; // open "# Subtest:" lines
  let yamlAt = -1; // the indent of a failure's YAML block: expected next, or being printed
  let inYaml = false;
  let skipYamlAt = -1; // a passing result's YAML block (top-level files), skipped
  lines.on("line", (line) => {
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    if (inYaml) {
      print(line);
      if (text === "..." && indent === yamlAt) inYaml = false;
      return;
    }
    if (yamlAt >= 0) {
      const opens = text === "---" && indent === yamlAt;
      yamlAt = opens ? yamlAt : -1;
      if (opens) {
        inYaml = true;
        print(line);
        return;
      }
    }
    if (skipYamlAt >= 0) {
      if (text === "..." && indent === skipYamlAt) skipYamlAt = -1;
      return;
    }
    const subtest = /^# Subtest: (.*)$/.exec(text);
    if (subtest) {
      while (subtests.length && subtests[subtests.length - 1].indent >= indent) subtests.pop();
      subtests.push({ indent, name: subtest[1] });
      return;
    }
    const result = /^(not )?ok \d+ - /.exec(text);
    if (result) {
      while (subtests.length && subtests[subtests.length - 1].indent > indent) subtests.pop();
      if (result[1]) {
        if (indent > 0) print(`  in ${subtests.filter((s) => s.indent < indent).map((s) => s.name).join(" > ")}:`);
        print(line);
        yamlAt = indent + 2;
      } else {
        if (indent === 0) print(line); // a test file passed
        skipYamlAt = -1;
      }
      return;
    }
    if (text === "---") {
      skipYamlAt = indent;
      return;
    }
    if (indent === 0 && /^# (\{|time=)/.test(text)) {
      print(line); // the summary
      return;
    }
    if (/^(TAP version \d+|1\.\.\d+( # .*)?|# .*|#)$/.test(text) || text === "") return;
    print(line); // not TAP: a test's own output
  });
  return new Promise((resolve) => lines.once("close", () => resolve()));
}
