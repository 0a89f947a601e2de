// Copies the vendored browser builds into ../static so that running the service never
// needs Node. No GOV.UK images: the favicon is our own (static/images/favicon.svg).
import { cpSync, mkdirSync } from "node:fs";

const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("../static/govuk", { recursive: true });
mkdirSync("../static/js", { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, "../static/govuk/govuk-frontend.min.js");
cpSync("node_modules/htmx.org/dist/htmx.min.js", "../static/js/htmx.min.js");
