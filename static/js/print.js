// A button that prints the page (the sheet of agents' codes); without JavaScript, the
// browser's own Print menu does the same.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
