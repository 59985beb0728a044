/*
 * The one script of the sandbox's pages, served as /ui/sandbox.js (the CSP allows script from the sandbox itself
 * and nothing inline). It keeps a page current without reloading it: the list page asks /ui/runs for the rows that
 * changed since the counter it has; a run's page asks /ui/runs/{id}/logs for the lines after the ones it shows,
 * with the run's changing fields, and stops once the run has ended. Every string it gets is a client's and
 * hostile: it only ever becomes textContent (or an href checked to be http(s)), never markup.
 * It is kept here as a string so the CLI bundle carries it without a file beside it.
 */

/** How often a page asks for changes, in ms. */
export const POLL_MS = 1000;
/** A run's page keeps at most this many lines; older ones leave the page and stay a click away ("Earlier lines"). */
export const MAX_PAGE_LINES = 2000;

export const SCRIPT = `'use strict';
(function () {
  var body = document.body;
  var POLL_MS = ${POLL_MS};
  var MAX_LINES = ${MAX_PAGE_LINES};

  function get(path) {
    return fetch(path, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (response) {
      if (!response.ok) throw { status: response.status };
      return response.json();
    });
  }
  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }
  function statusClass(status) {
    return status === 'SUCCESS' ? 'success' : status === 'FAILURE' || status === 'DECLINED' ? 'failure' : 'running';
  }
  function badge(status) {
    return node('span', 'status ' + statusClass(status), status);
  }
  function say(text) {
    var hint = document.getElementById('live');
    if (hint) hint.textContent = text;
  }
  function linkOrText(link) {
    if (!/^https?:\\/\\//i.test(link)) return document.createTextNode(link);
    var anchor = node('a', '', link);
    anchor.href = link;
    anchor.rel = 'noopener noreferrer';
    return anchor;
  }
  function list(items, render) {
    var ul = node('ul');
    items.forEach(function (item) {
      var li = node('li');
      render(item).forEach(function (part) { li.appendChild(part); });
      ul.appendChild(li);
    });
    return ul;
  }
  /** Sets a field's content (or hides it when the value is absent). */
  function field(id, content) {
    var row = document.getElementById('f-' + id);
    if (!row) return;
    row.hidden = content === undefined;
    if (content !== undefined) row.querySelector('dd').replaceChildren(content);
  }
  /** Polls at POLL_MS while the tab is visible; a failed request says so and tries again. */
  function every(poll) {
    function tick() {
      if (document.hidden) return setTimeout(tick, POLL_MS);
      poll().then(function (again) {
        if (again === 'now') tick();
        else if (again) setTimeout(tick, POLL_MS);
      }, function (error) {
        // A refusal (the run is gone, or the sandbox restarted with fewer changes or lines than this page has
        // seen) will not change by asking again; a failed connection may.
        if (error && error.status >= 400 && error.status < 500) return say('This page is out of date: reload it.');
        say('The sandbox does not answer; trying again.');
        setTimeout(tick, POLL_MS);
      });
    }
    setTimeout(tick, POLL_MS);
  }

  function runPage() {
    if (body.dataset.live !== 'true') return;
    var id = body.dataset.run;
    var after = Number(body.dataset.after);
    var logs = document.getElementById('logs');
    var LIVE = 'Updating live: new lines appear as the job sends them.';
    say(LIVE);

    function logItem(log) {
      var li = node('li');
      var time = node('time', '', (/T(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)/.exec(log.at) || [])[1] || log.at);
      time.dateTime = log.at;
      time.title = log.at;
      li.appendChild(time);
      if (log.terminationStatus) { li.appendChild(document.createTextNode(' ')); li.appendChild(badge(log.terminationStatus)); }
      if (log.statusLabel !== undefined) { li.appendChild(document.createTextNode(' ')); li.appendChild(node('span', 'label', log.statusLabel)); }
      li.appendChild(document.createTextNode(' '));
      li.appendChild(node('pre', '', log.message));
      return li;
    }
    function showRun(run) {
      var status = document.getElementById('status');
      status.replaceChildren(badge(run.status));
      var label = document.getElementById('label');
      label.hidden = run.statusLabel === undefined;
      label.textContent = run.statusLabel === undefined ? '' : run.statusLabel;
      var links = run.link === undefined ? undefined : [].concat(run.link);
      field('links', links && list(links, function (link) { return [linkOrText(link)]; }));
      field('summary', run.summary === undefined ? undefined : node('pre', '', run.summary));
      field('external', run.externalRunId === undefined ? undefined : document.createTextNode(run.externalRunId));
      field('entities', run.entities && run.entities.length ? list(run.entities, function (entity) {
        var parts = entity.title === undefined ? [] : [document.createTextNode(entity.title + ' ')];
        var about = entity.change === undefined ? entity.blueprint : entity.blueprint + ', ' + entity.change;
        return parts.concat([node('code', '', entity.identifier), document.createTextNode(' '), node('span', 'muted', '(' + about + ')')]);
      }) : undefined);
      field('ended', run.endedAt === undefined ? undefined : node('time', '', run.endedAt));
      var start = logs.start - 1;
      var end = start + logs.children.length;
      document.getElementById('log-range').textContent =
        run.logCount === 0 ? 'No log lines yet.' : 'Lines ' + (start + 1) + '-' + end + ' of ' + run.logCount + '.';
    }
    /** Lines past MAX_LINES leave the top of the page; "Earlier lines" then starts where the page does. */
    function trim() {
      var extra = logs.children.length - MAX_LINES;
      if (extra <= 0) return;
      for (var i = 0; i < extra; i++) logs.removeChild(logs.firstElementChild);
      logs.start += extra;
      var earlier = document.getElementById('earlier');
      earlier.href = '?before=' + (logs.start - 1);
      earlier.hidden = false;
    }
    every(function () {
      return get('/ui/runs/' + encodeURIComponent(id) + '/logs?after=' + after).then(function (answer) {
        var fragment = document.createDocumentFragment();
        answer.logs.forEach(function (log) { fragment.appendChild(logItem(log)); });
        logs.appendChild(fragment);
        after += answer.logs.length;
        trim();
        showRun(answer.run);
        if (after < answer.run.logCount) return 'now';
        if (answer.run.status !== 'IN_PROGRESS' && answer.run.status !== 'WAITING_FOR_APPROVAL') {
          say('The run has ended.');
          return false;
        }
        say(LIVE);
        return true;
      });
    });
  }

  function listPage() {
    var table = document.getElementById('runs');
    var rows = table.tBodies[0];
    var page = body.dataset.listPage;
    var version = Number(body.dataset.version);
    var LIVE = 'Updating live.';
    say(LIVE);

    function cell(tr, content, nowrap) {
      var td = node('td', nowrap ? 'n' : '');
      [].concat(content).forEach(function (part) { td.appendChild(typeof part === 'string' ? document.createTextNode(part) : part); });
      tr.appendChild(td);
    }
    function none() { return node('span', 'none', '-'); }
    function runRow(row) {
      var tr = node('tr');
      tr.dataset.id = row.id;
      tr.dataset.stamp = String(row.stamp);
      var link = node('a');
      link.href = '/runs/' + encodeURIComponent(row.id);
      link.appendChild(node('code', '', row.id));
      cell(tr, link);
      cell(tr, row.action === null ? none() : row.title === undefined ? row.action : [row.title, ' ', node('code', '', row.action)]);
      cell(tr, row.entity === undefined ? none() : row.entity);
      cell(tr, badge(row.status), true);
      cell(tr, row.statusLabel === undefined ? [] : node('span', 'label', row.statusLabel));
      cell(tr, node('time', '', row.createdAt), true);
      cell(tr, row.endedAt === undefined ? none() : node('time', '', row.endedAt), true);
      cell(tr, String(row.links), true);
      cell(tr, String(row.logs), true);
      return tr;
    }
    every(function () {
      var since = version === null ? '' : '&since=' + version;
      return get('/ui/runs?page=' + encodeURIComponent(page) + since).then(function (answer) {
        if (answer.version === version) return true;
        var shown = {};
        Array.prototype.forEach.call(rows.rows, function (tr) { shown[tr.dataset.id] = tr; });
        var fresh = {};
        answer.rows.forEach(function (row) { fresh[row.id] = row; });
        // A run that moved onto this page unchanged is not among the changed rows: ask for the whole page.
        var missing = answer.ids.some(function (id) { return !fresh[id] && !shown[id]; });
        if (missing) {
          version = null;
          return 'now';
        }
        rows.replaceChildren.apply(rows, answer.ids.map(function (id) { return fresh[id] ? runRow(fresh[id]) : shown[id]; }));
        document.getElementById('count').textContent = answer.count;
        table.hidden = answer.total === 0;
        document.getElementById('empty').hidden = answer.total !== 0;
        version = answer.version;
        say(LIVE);
        return true;
      });
    });
  }

  if (body.dataset.page === 'run') runPage();
  else if (body.dataset.page === 'list') listPage();
})();
`;
