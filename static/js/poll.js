// Keeps a part of the page up to date while work runs in the background: an element
// with data-poll="<url>" is replaced by what that URL returns every few seconds, until
// what comes back no longer asks to be polled. Without JavaScript, the page says to
// refresh it.
const EVERY_MS = 2000;

function poll(element) {
  const url = element.dataset.poll;
  const timer = window.setInterval(async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok) return;
      const holder = document.createElement("div");
      holder.innerHTML = await response.text();
      const fresh = holder.firstElementChild;
      if (!fresh) return;
      element.replaceWith(fresh);
      element = fresh;
      if (!fresh.dataset.poll) {
        window.clearInterval(timer);
        // The check has finished: show the page as it now is (the button comes back).
        window.location.reload();
      }
    } catch {
      // A dropped connection: try again on the next tick.
    }
  }, EVERY_MS);
}

document.querySelectorAll("[data-poll]").forEach(poll);
