// The "print / save as PDF" button of plan and report pages (no inline scripts: CSP).
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});
