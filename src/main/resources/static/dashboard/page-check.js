// If the dashboard's modules could not be loaded at all, say so instead of showing a dead page.
// A file of its own, not inline: the page's content security policy runs no inline script.
window.addEventListener('load', function () {
  if (window.vigilDashboardStarted) return;
  var line = document.getElementById('page-error');
  line.textContent = 'The dashboard scripts did not load (/dashboard/*.js): reload the page; if this persists, tell the Vigil administrator.';
  line.hidden = false;
});
