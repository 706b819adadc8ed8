// Draws every chart of a fazhi report page once Vega has loaded, and records what it drew in
// window.__fazhi (the browser test reads it). Bundled with Vega by fazhi/report/render.py.
(function () {
  const status = window.__fazhi;
  const specs = JSON.parse(document.getElementById('fazhi-specs').textContent);
  const locale = JSON.parse(document.getElementById('fazhi-locale').textContent);
  status.expected = Object.keys(specs).length;
  const jobs = Object.entries(specs).map(([id, spec]) =>
    vegaEmbed('#' + id, spec, {actions: false, renderer: 'svg', formatLocale: locale})
      .then(() => { status.drawn += 1; })
      .catch((e) => {
        status.errors.push(id + ': ' + e);
        console.error(e);
        document.getElementById(id).textContent = '图表无法显示：' + e;
      }));
  Promise.all(jobs).then(() => { document.body.dataset.charts = status.errors.length ? 'failed' : 'drawn'; });
})();
