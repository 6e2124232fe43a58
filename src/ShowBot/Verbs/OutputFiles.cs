namespace ShowBot.Verbs;

/// <summary>
/// Checks, before a verb does its work, that it can write the files it was asked to write, so an evaluation of many
/// minutes does not end in a failure to save its chart.
/// </summary>
internal static class OutputFiles
{
    /// <summary>
    /// Why <paramref name="file"/>, given as <paramref name="option"/>, cannot be written, or null when it can. A new
    /// file is not left behind by the check.
    /// </summary>
    /// <param name="option">How the person named the file, e.g. "--plot".</param>
    /// <param name="file">The file to write; null when none was asked for.</param>
    /// <param name="createFolder">The verb creates a missing folder itself (so it is created now), rather than needing it to exist.</param>
    /// <param name="mustBeNew">The verb refuses to overwrite an existing file.</param>
    public static string? Problem(string option, FileInfo? file, bool createFolder = false, bool mustBeNew = false)
    {
        if (file is null)
        {
            return null;
        }

        var path = file.FullName;
        if (Directory.Exists(path))
        {
            return $"{option} {path} is a folder; give a file name.";
        }

        if (mustBeNew && File.Exists(path))
        {
            return $"{option} {path} already exists; choose a new file.";
        }

        try
        {
            var folder = Path.GetDirectoryName(path)!;
            if (createFolder)
            {
                Directory.CreateDirectory(folder);
            }
            else if (File.Exists(folder))
            {
                return $"{option} {path}: {folder} is a file, not a folder.";
            }
            else if (!Directory.Exists(folder))
            {
                return $"{option} {path}: the folder {folder} does not exist.";
            }

            var existed = File.Exists(path);
            using (File.Open(path, FileMode.OpenOrCreate, FileAccess.Write))
            {
            }

            if (!existed)
            {
                File.Delete(path);
            }

            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"{option} {path}: ShowBot may not write there.";
        }
        catch (IOException ex)
        {
            return $"{option} {path} cannot be written: {ex.Message}";
        }
    }

    /// <summary>The first problem among <paramref name="files"/> (option, file), or null when every one can be written.</summary>
    public static string? Problem(params (string Option, FileInfo? File)[] files) =>
        files.Select(f => Problem(f.Option, f.File)).FirstOrDefault(p => p is not null);
}
