// Load tests share two CPU cores with everything else: running them one at a time keeps each one's numbers honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
