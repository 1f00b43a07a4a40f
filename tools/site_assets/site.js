// The course site: a copy button on each block of code (tools/site.py writes them hidden).
"use strict";
document.querySelectorAll(".code-block .copy").forEach((button) => {
  if (!navigator.clipboard) return;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const code = button.parentElement.querySelector("pre").innerText;
    await navigator.clipboard.writeText(code);
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 1500);
  });
});
