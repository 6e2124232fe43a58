namespace ShowBot.Core;

/// <summary>Recognises a write that failed because the disk is full, however deep a library wrapped it.</summary>
public static class DiskFull
{
    private const int NoSpaceOnUnix = 28;
    private const int DiskFullOnWindows = unchecked((int)0x80070070);
    private const int HandleDiskFullOnWindows = unchecked((int)0x80070027);

    /// <summary>Whether <paramref name="exception"/>, or an exception it wraps, is the operating system's "no space left".</summary>
    public static bool Caused(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is IOException { HResult: NoSpaceOnUnix or DiskFullOnWindows or HandleDiskFullOnWindows })
            {
                return true;
            }
        }

        return false;
    }
}
