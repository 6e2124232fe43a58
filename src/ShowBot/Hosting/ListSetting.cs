using Microsoft.Extensions.Configuration;

namespace ShowBot.Hosting;

/// <summary>
/// A setting that holds a list, written either as an array (<c>X__0=a</c>, <c>X__1=b</c>) or as one comma-separated
/// value (<c>X=a,b</c>, as compose files write the environment). The defaults in appsettings.json use the single value
/// on purpose: configuration merges arrays index by index, so an array default would keep its later entries under a
/// shorter array set elsewhere. An array wins over a single value, so <c>X__0</c> replaces the default whole.
/// </summary>
internal static class ListSetting
{
    /// <summary>The entries, trimmed, empty ones dropped; null when the setting is not there at all.</summary>
    public static IReadOnlyList<string>? Read(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.GetChildren().Select(c => c.Value ?? "").ToList();
        if (items.Count == 0)
        {
            if (section.Value is null)
            {
                return null;
            }

            items = [.. section.Value.Split(',')];
        }

        return [.. items.Select(i => i.Trim()).Where(i => i.Length > 0)];
    }
}
