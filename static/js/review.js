// Commenting on words: selecting text in a section (with the mouse or the keyboard)
// fills in that section's comment form with the words and a little of what surrounds
// them, and opens it. Quoted passages of existing threads are highlighted. Without
// JavaScript the same forms work with the words typed or pasted in.
const CONTEXT = 32;

function normalise(text) {
  return text.replace(/\s+/g, " ").trim();
}

function sectionOf(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return element ? element.closest(".dsa-commentable") : null;
}

function fillForm(section, quote, prefix, suffix) {
  const key = section.dataset.section;
  const details = document.querySelector(`.dsa-comment-details[data-section="${key}"]`);
  if (!details) return;
  details.open = true;
  const form = details.querySelector("form");
  form.querySelector("[name=quote]").value = quote;
  form.querySelector("[name=quote_before]").value = prefix;
  form.querySelector("[name=quote_after]").value = suffix;
  let button = section.parentElement.querySelector(".dsa-comment-selection");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary dsa-comment-selection";
    button.addEventListener("click", () => form.querySelector("[name=body]").focus());
    section.after(button);
  }
  button.textContent = `Comment on \u201c${quote.length > 40 ? quote.slice(0, 40) + "\u2026" : quote}\u201d`;
}

function onSelection(event) {
  // Pressing the comment button, or typing in a form, is not a new selection.
  if (event && event.target instanceof Element && event.target.closest("form, .dsa-comment-selection")) return;
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  const section = sectionOf(range.commonAncestorContainer);
  if (!section) return;
  const quote = normalise(selection.toString());
  if (!quote) return;
  const before = document.createRange();
  before.selectNodeContents(section);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(section);
  after.setStart(range.endContainer, range.endOffset);
  const prefix = normalise(before.toString()).slice(-CONTEXT);
  const suffix = normalise(after.toString()).slice(0, CONTEXT);
  fillForm(section, quote, prefix, suffix);
}

function highlight(section, quote) {
  const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const index = node.textContent.indexOf(quote);
    if (index >= 0) {
      const range = document.createRange();
      range.setStart(node, index);
      range.setEnd(node, index + quote.length);
      const mark = document.createElement("mark");
      mark.className = "dsa-anchored";
      range.surroundContents(mark);
      return;
    }
  }
}

document.addEventListener("mouseup", onSelection);
document.addEventListener("keyup", (event) => {
  if (event.shiftKey || event.key === "Shift") onSelection(event);
});
for (const thread of document.querySelectorAll(".dsa-thread[data-quote]:not(.dsa-thread--outdated)")) {
  const section = thread.closest(".dsa-section")?.querySelector(".dsa-commentable");
  if (section) highlight(section, thread.dataset.quote);
}
