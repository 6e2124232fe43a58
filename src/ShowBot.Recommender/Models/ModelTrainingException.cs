namespace ShowBot.Recommender.Models;

/// <summary>Training cannot proceed for the given data and parameters; the message says why and what to change.</summary>
public sealed class ModelTrainingException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public ModelTrainingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelTrainingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public ModelTrainingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
