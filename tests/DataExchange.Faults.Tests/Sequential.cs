// Each test starts host processes (and one a PostgreSQL server) of its own: run one test at a time, so that a
// two-core machine is not asked to start eight hosts at once and each test's timings stay its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
