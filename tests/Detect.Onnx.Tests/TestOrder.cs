// Seeded builds draw from torch's global generator (Seeded.cs): no parallel test collections in this assembly.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
