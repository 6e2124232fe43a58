namespace ShowBot.IntegrationTests;

/// <summary>Settings written inline in a test case: <c>key=value</c> pairs separated by <c>|</c>, keys with <c>:</c>.</summary>
internal static class InlineSettings
{
    public static Dictionary<string, string?> Parse(string settings) =>
        settings.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1]);
}
