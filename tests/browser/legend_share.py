"""How much of each territory's outline the legend hides, measured in the map's own iframe."""

from __future__ import annotations

# For every area drawn by the map (a layer whose feature carries ``estado``), points sampled
# along its outline in screen coordinates (getPointAtLength through getScreenCTM): the share
# that lies under the legend's box or outside the map's container. Keyed by territory code.
HIDDEN_SHARE_JS = """(container) => {
  const map = window.map;
  const legend = container.querySelector('.atlas-legend');
  const box = legend ? legend.getBoundingClientRect() : null;
  const frame = container.getBoundingClientRect();
  const shares = {};
  map.eachLayer(layer => {
    const props = layer.feature && layer.feature.properties;
    if (!props || props.estado === undefined || !layer._path) return;
    const path = layer._path;
    const length = path.getTotalLength();
    const ctm = path.getScreenCTM();
    const samples = Math.max(200, Math.ceil(length / 2));
    let hidden = 0;
    for (let i = 0; i < samples; i++) {
      const p = path.getPointAtLength(length * i / samples);
      const x = ctm.a * p.x + ctm.c * p.y + ctm.e;
      const y = ctm.b * p.x + ctm.d * p.y + ctm.f;
      const under = box && box.width > 0 && x >= box.left && x <= box.right &&
                    y >= box.top && y <= box.bottom;
      const outside = x < frame.left || x > frame.right || y < frame.top || y > frame.bottom;
      if (under || outside) hidden++;
    }
    shares[props.codigo] = hidden / samples;
  });
  return shares;
}"""
