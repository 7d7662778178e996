namespace MLSegmentation.Trainers.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once on the reporting (training) thread, so that console lines
/// and logs stay in step order; <see cref="Progress{T}"/> instead posts each report to the thread pool or the captured
/// synchronisation context. The handler must be quick: training waits for it.
/// </summary>
public sealed class ProgressCallback<T>(Action<T> handler) : IProgress<T>
{
    private readonly Action<T> _handler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <summary>Calls the handler with <paramref name="value"/>.</summary>
    public void Report(T value) => _handler(value);
}
