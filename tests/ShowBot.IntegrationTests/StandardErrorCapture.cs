namespace ShowBot.IntegrationTests;

/// <summary>Captures what the process writes to standard error while it lives. Console.Error is process-wide,
/// so tests that use this run in the <see cref="StandardErrorCollection"/>, never beside each other.</summary>
internal sealed class StandardErrorCapture : IDisposable
{
    private readonly TextWriter original = Console.Error;
    private readonly StringWriter captured = new();

    public StandardErrorCapture() => Console.SetError(captured);

    public string Text => captured.ToString();

    public void Dispose()
    {
        Console.SetError(original);
        captured.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardErrorCollection
{
    public const string Name = "standard error";
}
