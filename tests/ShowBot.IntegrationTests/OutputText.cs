using System.Text.RegularExpressions;

namespace ShowBot.IntegrationTests;

/// <summary>Reading what a process printed.</summary>
internal static class OutputText
{
    /// <summary>How many times <paramref name="part"/> appears in <paramref name="text"/>, as written.</summary>
    public static int Occurrences(this string text, string part) => Regex.Count(text, Regex.Escape(part));
}
