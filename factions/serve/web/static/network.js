// The actor page's ego network (Cytoscape.js, vendored from npm). The graph comes from the JSON API with
// the page's filters; clicking an edge loads its evidence as an HTML fragment rendered (and escaped) by
// the server. Labels are drawn on a canvas, never parsed as HTML.
(function () {
  "use strict";
  var box = document.getElementById("network");
  var panel = document.getElementById("evidence");
  if (!box || !panel) return;

  var COLOURS = {
    fights_alongside: "#2e7d32", ally_of: "#2e7d32", backed_by: "#558b2f", supplies_weapons_to: "#558b2f",
    fights_against: "#c62828", denounces: "#ef6c00",
    member_of: "#1565c0", branch_of: "#1565c0", pledged_allegiance_to: "#1565c0", merged_into: "#283593",
    split_from: "#283593", renamed_to: "#283593", leader_of: "#6a1b9a",
    designated_by: "#000000", negotiates_with: "#757575"
  };

  function message(text) {
    box.classList.add("empty");
    box.textContent = text;
  }

  fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(draw)
    .catch(function (err) { message("The network could not be loaded (" + err.message + ")."); });

  function draw(graph) {
    if (!graph.edges.length) {
      message("No relations match these filters.");
      box.dataset.ready = "1";
      return;
    }
    var elements = graph.nodes.map(function (n) { return { data: n }; })
      .concat(graph.edges.map(function (e) {
        e.colour = COLOURS[e.predicate] || "#757575";
        e.width = Math.min(1.5 + e.claims, 8);
        return { data: e };
      }));
    var cy = cytoscape({
      container: box,
      elements: elements,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 120,
          "background-color": "#90a4ae", width: 22, height: 22, "text-valign": "bottom", "text-margin-y": 3,
          "text-background-color": "#fafbfc", "text-background-opacity": 0.8 } },
        { selector: "node[?listed]", style: { "background-color": "#b71c1c", shape: "diamond" } },
        { selector: "node[?ego]", style: { "background-color": "#263238", width: 34, height: 34, "font-weight": "bold" } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
          "curve-style": "bezier", "font-size": 10, color: "#222",
          "text-background-color": "#fff", "text-background-opacity": 0.9, "text-rotation": "autorotate" } },
        // Edge labels only where the reader points: a dense ego network is unreadable with all of them.
        { selector: "edge.hover, edge:selected", style: { label: "data(label)" } },
        { selector: "edge.outer", style: {
          "curve-style": "unbundled-bezier", "control-point-distances": "data(bend)", "control-point-weights": 0.5 } },
        { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle" } },
        { selector: "edge[?negated]", style: { "line-style": "dashed" } },
        { selector: "edge:selected", style: { "line-color": "#ffab00", "target-arrow-color": "#ffab00", width: 8 } }
      ],
      layout: {
        name: "concentric", animate: false, minNodeSpacing: 70, avoidOverlap: true, padding: 40,
        concentric: function (n) { return n.data("ego") ? 2 : 1; },
        levelWidth: function () { return 1; }
      }
    });
    bendOutward(cy);
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); } // a small graph should not fill the box with giant labels
    cy.on("mouseover", "edge", function (evt) { evt.target.addClass("hover"); });
    cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
    window.factionsCy = cy; // for the end-to-end tests and the curious
    box.dataset.ready = "1";
    cy.on("tap", "edge", function (evt) { showEvidence(evt.target); });
    cy.on("tap", "node", function (evt) {
      var n = evt.target;
      if (!n.data("ego")) window.location.href = "/actor/" + encodeURIComponent(n.id()) + (box.dataset.filters ? "?" + box.dataset.filters : "");
    });
  }

  // Edges between two neighbours would cut straight through the actor in the middle (opposite
  // neighbours are collinear with it) and hide its own edges: bend them away from the centre instead.
  function bendOutward(cy) {
    var centre = cy.nodes("[?ego]").position();
    var parallel = {};
    cy.edges().forEach(function (e) {
      if (e.source().data("ego") || e.target().data("ego")) return;
      var s = e.source().position(), t = e.target().position();
      var dx = t.x - s.x, dy = t.y - s.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var side = dx * (centre.y - s.y) - dy * (centre.x - s.x) > 0 ? -1 : 1;
      var pair = [e.source().id(), e.target().id()].sort().join("|");
      var n = parallel[pair] = (parallel[pair] || 0) + 1;
      e.data("bend", side * len * (0.3 + 0.12 * (n - 1)));
      e.addClass("outer");
    });
  }

  function showEvidence(edge) {
    var params = new URLSearchParams(box.dataset.filters || "");
    params.set("a", edge.data("source"));
    params.set("b", edge.data("target"));
    params.set("predicate", edge.data("predicate"));
    params.set("negated", edge.data("negated") ? "true" : "false");
    panel.setAttribute("aria-busy", "true");
    fetch(box.dataset.edge + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.text();
      })
      .then(function (html) { panel.innerHTML = html; }) // server-rendered, every value escaped by Jinja
      .catch(function (err) { panel.textContent = "Evidence could not be loaded (" + err.message + ")."; })
      .then(function () { panel.removeAttribute("aria-busy"); });
  }
})();
