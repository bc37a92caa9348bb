// Each scenario starts its own cluster and service; running two at once on a 2-core machine only slows both.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
