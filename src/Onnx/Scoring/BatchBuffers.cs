namespace MLSegmentation.Onnx;

/// <summary>
/// The input and output arrays of one batch shape [n, C, h, w] (or [n, C, d, h, w]), each wrapped once in an
/// <see cref="OrtValue"/> over the managed array (pinned, no copy) and bound once to the session in an
/// <see cref="OrtIoBinding"/>, then reused for every run of that shape: ONNX Runtime reads the input and writes the
/// outputs in place, so nothing is allocated per run.
/// </summary>
/// <remarks>
/// Ownership: these buffers own their <see cref="OrtValue"/>s (which hold the pins) and their binding; they are
/// owned by <see cref="BatchBufferPool"/> or by the pipeline that rented them, which disposes them. One run at a
/// time per instance (a rented instance belongs to one pipeline stage).
/// </remarks>
internal sealed class BatchBuffers : IDisposable
{
    private readonly List<OrtValue> _values = new(3);
    private readonly OrtIoBinding _binding;

    public BatchBuffers(InferenceSession session, SegmentationModelInfo model, BatchKey key)
    {
        Key = key;
        var plane = (long)key.Size.Voxels;
        long[] spatial = [.. key.Size.ToArray(model.SpatialDims).Select(s => (long)s)];
        Input = new float[checked((int)(key.Count * model.Channels * plane))];
        _binding = session.CreateIoBinding();
        try
        {
            Bind(model.InputName, OrtValue.CreateTensorValueFromMemory(Input, [key.Count, model.Channels, .. spatial]), input: true);
            if (key.Probabilities)
            {
                Probabilities = new float[checked((int)(key.Count * model.ClassCount * plane))];
                Bind(model.ProbabilitiesOutput, OrtValue.CreateTensorValueFromMemory(Probabilities, [key.Count, model.ClassCount, .. spatial]), input: false);
            }
            if (key.Labels)
            {
                Labels = new long[checked((int)(key.Count * plane))];
                Bind(model.LabelsOutput!, OrtValue.CreateTensorValueFromMemory(Labels, model.LabelsRank == model.SpatialDims + 2
                    ? [key.Count, 1, .. spatial]
                    : [key.Count, .. spatial]), input: false);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The batch shape and bound outputs.</summary>
    public BatchKey Key { get; }

    /// <summary>The input [n, C, (d,) h, w].</summary>
    public float[] Input { get; }

    /// <summary>The probabilities [n, K, (d,) h, w], when bound.</summary>
    public float[]? Probabilities { get; }

    /// <summary>The labels [n, (d,) h, w], when bound.</summary>
    public long[]? Labels { get; }

    /// <summary>Runs <paramref name="session"/> (the one bound) on <see cref="Input"/>, writing the bound outputs in place.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed.</exception>
    public void Run(InferenceSession session, RunOptions runOptions) => session.RunWithBinding(runOptions, _binding);

    /// <summary>Releases the binding and the tensors (and so the pins).</summary>
    public void Dispose()
    {
        _binding.Dispose();
        foreach (var v in _values)
        {
            v.Dispose();
        }
        _values.Clear();
    }

    private void Bind(string name, OrtValue value, bool input)
    {
        _values.Add(value);
        if (input)
        {
            _binding.BindInput(name, value);
        }
        else
        {
            _binding.BindOutput(name, value);
        }
    }
}
