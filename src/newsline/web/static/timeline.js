// The zoomable axis above the timeline list. Reads its items from the JSON block the server
// wrote (read with textContent, never parsed as HTML), builds every label with textContent,
// and selecting an item opens the matching entry of the list, where its sources are.
(function () {
  "use strict";
  var dataBlock = document.getElementById("timeline-data");
  var box = document.getElementById("timeline-axis");
  if (!dataBlock || !box || typeof vis === "undefined") return;
  var block = JSON.parse(dataBlock.textContent || "{}");
  var items = block.items || [];
  if (!items.length) return;

  function tooltip(text) {
    var div = document.createElement("div");
    div.textContent = text.length > 240 ? text.slice(0, 239) + "…" : text;
    return div;
  }

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text.length > 48 ? text.slice(0, 47) + "…" : text;
    return span;
  }

  // Days are dots that stack into a column per day (a dot plot of how much the reports say about
  // each day); hovering shows the sentence, selecting shows it with its sources below the axis.
  // Spans (an event from one date to another) and week-, month- or season-precise dates are
  // labelled ranges in their own row.
  var data = new vis.DataSet(items.map(function (item) {
    var out = { id: item.id, start: item.start, title: tooltip(item.date + " · " + item.text) };
    if (item.end) { out.end = item.end; out.type = "range"; out.group = "span"; out.content = label(item.text); }
    else { out.type = "point"; out.group = "day"; out.content = document.createElement("span"); }
    return out;
  }));
  var used = {};
  data.forEach(function (item) { used[item.group] = true; });
  var groups = new vis.DataSet([{ id: "day", content: "days" }, { id: "span", content: "periods" }]
    .filter(function (g) { return used[g.id]; }));
  box.hidden = false;
  var options = {
    stack: true, zoomable: true, maxHeight: 420, minHeight: 160, verticalScroll: true,
    groupOrder: function (a, b) { return a.id === "day" ? -1 : 1; }, margin: { item: { horizontal: 0, vertical: 2 } }, tooltip: { followMouse: false, overflowMethod: "cap" },
    zoomMin: 1000 * 60 * 60 * 24 * 2, orientation: { axis: "top", item: "top" }, selectable: true, showCurrentTime: false
  };
  if (block.window) { options.start = block.window[0]; options.end = block.window[1]; }
  var timeline = new vis.Timeline(box, data, groups, options);

  // The selected entry, under the axis: copies of the list entry's own nodes (already escaped
  // by the server), so the reader keeps the axis in view while reading the sources.
  var panel = document.getElementById("timeline-selected");
  function openEntry(id) {
    var li = document.getElementById(id);
    if (!li) return;
    document.querySelectorAll("ol.entries li.selected").forEach(function (el) { el.classList.remove("selected"); });
    li.classList.add("selected");
    if (!panel) return;
    var summary = li.querySelector("summary");
    var sources = li.querySelector(".sources");
    var head = document.createElement("p");
    head.className = "selected-head";
    summary.childNodes.forEach(function (node) { head.appendChild(node.cloneNode(true)); });
    panel.replaceChildren(head);
    if (sources) panel.appendChild(sources.cloneNode(true));
    panel.hidden = false;
  }

  timeline.on("select", function (props) {
    if (props.items && props.items.length) openEntry(props.items[0]);
  });
  document.querySelectorAll("ol.entries li.entry details").forEach(function (details) {
    details.addEventListener("toggle", function () {
      var id = details.parentElement.id;
      if (details.open && data.get(id)) timeline.setSelection([id], { focus: false });
    });
  });
  window.newslineTimeline = timeline;  // for the browser tests
})();
