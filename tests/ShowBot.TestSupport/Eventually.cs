using System.Runtime.CompilerServices;

namespace ShowBot.TestSupport;

/// <summary>
/// Waits on real time for what a host does in the background, failing the test with what it waited for: tests wait
/// on outcomes, never on fixed sleeps. One helper for every test project.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts unless told otherwise: long, because it only matters when a test fails.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(30);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static async Task TrueAsync(Func<bool> condition, string? what = null, TimeSpan? patience = null, [CallerArgumentExpression(nameof(condition))] string expression = "")
    {
        ArgumentNullException.ThrowIfNull(condition);
        var wait = patience ?? DefaultPatience;
        var deadline = DateTime.UtcNow + wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {wait.TotalSeconds:0.#} s waiting for {what ?? expression}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> gives something, and returns it.</summary>
    public static async Task<T> ValueAsync<T>(Func<T?> probe, string what, TimeSpan? patience = null)
        where T : class
    {
        T? value = null;
        await TrueAsync(() => (value = probe()) is not null, what, patience);
        return value!;
    }

    /// <summary>Waits until <paramref name="probe"/> gives a value, and returns it.</summary>
    public static async Task<T> StructAsync<T>(Func<T?> probe, string what, TimeSpan? patience = null)
        where T : struct
    {
        T? value = null;
        await TrueAsync(() => (value = probe()) is not null, what, patience);
        return value!.Value;
    }
}
