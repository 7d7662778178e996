namespace MLSegmentation.Cli;

/// <summary>
/// Turns Ctrl-C into a cancellation for as long as it lives, so that long work ends cleanly (a checkpoint, the masks
/// written so far) instead of the process being killed.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public CtrlC() => Console.CancelKeyPress += OnCancel;

    /// <summary>Cancelled by Ctrl-C.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether Ctrl-C was pressed.</summary>
    public bool Pressed => _source.IsCancellationRequested;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
