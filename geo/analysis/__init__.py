"""The numbers: aggregation, classification, choropleths, comparisons, clusters, priority,
drill-down and núcleos."""
