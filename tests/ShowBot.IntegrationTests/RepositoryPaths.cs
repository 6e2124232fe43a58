namespace ShowBot.IntegrationTests;

internal static class RepositoryPaths
{
    /// <summary>The folder holding ShowBot.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ShowBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ShowBot.sln not found above " + AppContext.BaseDirectory);
    }
}
