// The CLI tests run idim in-process and capture Console.Out/Console.Error, which are process-wide:
// tests in parallel would read each other's output. Run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
