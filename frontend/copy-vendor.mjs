// Copies the vendored browser builds and the GOV.UK Frontend images (no fonts, no crest)
// into ../static so that running the service never needs Node.
import { cpSync, mkdirSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("../static/govuk/assets/images", { recursive: true });
mkdirSync("../static/js", { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, "../static/govuk/govuk-frontend.min.js");
for (const image of ["favicon.ico", "favicon.svg"]) {
  cpSync(`${govuk}/assets/images/${image}`, `../static/govuk/assets/images/${image}`);
}
cpSync("node_modules/htmx.org/dist/htmx.min.js", "../static/js/htmx.min.js");
