// Starts GOV.UK Frontend's components (error summary focus, navigation toggle, ...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
