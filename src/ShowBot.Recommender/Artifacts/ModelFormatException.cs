namespace ShowBot.Recommender.Artifacts;

/// <summary>
/// A model artifact cannot be loaded: it is truncated, corrupt, of another format version, or not an
/// artifact at all. The message names what is wrong; a server should keep its previous model.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public ModelFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
