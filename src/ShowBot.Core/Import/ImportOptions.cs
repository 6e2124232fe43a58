namespace ShowBot.Core.Import;

/// <summary>Settings every importer shares.</summary>
public abstract record ImportOptions
{
    /// <summary>Rows handed to the store per call; each call is one store transaction.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>How many malformed lines <see cref="ImportSummary.Problems"/> lists (all are counted).</summary>
    public int MaxProblems { get; init; } = 20;

    /// <summary>Rows between two progress reports.</summary>
    internal const int ProgressEveryRows = 10_000;

    /// <summary>Throws when a setting is out of range.</summary>
    protected internal virtual void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        }

        if (MaxProblems < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxProblems), MaxProblems, "The number of problems listed cannot be negative.");
        }
    }
}
