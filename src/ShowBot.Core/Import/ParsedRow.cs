namespace ShowBot.Core.Import;

/// <summary>A data row of an import file: its value, or why it was skipped.</summary>
public sealed record ParsedRow<T>(long LineNumber, T? Value, string? Problem)
    where T : class;

/// <summary>Creates <see cref="ParsedRow{T}"/> values.</summary>
public static class ParsedRow
{
    /// <summary>A row that parsed.</summary>
    public static ParsedRow<T> Ok<T>(long lineNumber, T value)
        where T : class => new(lineNumber, value, null);

    /// <summary>A row skipped for <paramref name="problem"/>.</summary>
    public static ParsedRow<T> Error<T>(long lineNumber, string problem)
        where T : class => new(lineNumber, null, problem);
}
