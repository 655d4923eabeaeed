// plotly.js-cartesian-dist-min ships no types; this is the part of its API the views use.
declare module "plotly.js-cartesian-dist-min" {
  const Plotly: import("./plotly.js").PlotlyApi;
  export default Plotly;
}
