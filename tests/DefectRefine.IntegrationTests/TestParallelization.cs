using Xunit;

// These tests start servers, service processes, a browser and training runs on a small machine. Run side by side,
// they starve each other of CPU until leases expire and connections time out; one after the other, each gets the
// machine it was written for.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
