namespace Detect.Data;

/// <summary>
/// One draw of a sampler: which dataset image, and in which pass over the dataset (the epoch for a
/// finite sampler, the repetition for an infinite one). The pair keys the sample's random generator.
/// </summary>
/// <param name="Index">Dataset index.</param>
/// <param name="Epoch">Pass over the dataset.</param>
public readonly record struct SampleTicket(int Index, long Epoch);
