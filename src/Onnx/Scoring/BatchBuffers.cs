namespace MLSegmentation.Onnx;

/// <summary>
/// The pinned input and output arrays of one batch shape [n, C, h, w] (or [n, C, d, h, w]) with their <see cref="OrtValue"/>s, bound once
/// and reused for every <c>Run</c> of that shape (ORT writes the outputs in place; nothing is allocated per run).
/// Owned by <see cref="BatchBufferPool"/> or by the pipeline that rented it; disposing releases the pins.
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public BatchBuffers(SegmentationModelInfo model, BatchKey key)
    {
        Key = key;
        var plane = (long)key.Size.Voxels;
        long[] spatial = [.. key.Size.ToArray(model.SpatialDims).Select(s => (long)s)];
        Input = new float[checked((int)(key.Count * model.Channels * plane))];
        _inputNames = [model.InputName];
        var names = new List<string>(2);
        var values = new List<OrtValue>(2);
        try
        {
            _inputValues = [OrtValue.CreateTensorValueFromMemory(Input, [key.Count, model.Channels, .. spatial])];
            if (key.Probabilities)
            {
                Probabilities = new float[checked((int)(key.Count * model.ClassCount * plane))];
                names.Add(model.ProbabilitiesOutput);
                values.Add(OrtValue.CreateTensorValueFromMemory(Probabilities, [key.Count, model.ClassCount, .. spatial]));
            }
            if (key.Labels)
            {
                Labels = new long[checked((int)(key.Count * plane))];
                names.Add(model.LabelsOutput!);
                values.Add(OrtValue.CreateTensorValueFromMemory(Labels, model.LabelsRank == model.SpatialDims + 2
                    ? [key.Count, 1, .. spatial]
                    : [key.Count, .. spatial]));
            }
        }
        catch
        {
            _inputValues?[0].Dispose();
            values.ForEach(v => v.Dispose());
            throw;
        }
        _outputNames = [.. names];
        _outputValues = [.. values];
    }

    /// <summary>The batch shape and bound outputs.</summary>
    public BatchKey Key { get; }

    /// <summary>The input [n, C, (d,) h, w].</summary>
    public float[] Input { get; }

    /// <summary>The probabilities [n, K, (d,) h, w], when bound.</summary>
    public float[]? Probabilities { get; }

    /// <summary>The labels [n, (d,) h, w], when bound.</summary>
    public long[]? Labels { get; }

    /// <summary>Runs <paramref name="session"/> on <see cref="Input"/>, writing the bound outputs in place.</summary>
    public void Run(InferenceSession session, RunOptions? runOptions) =>
        session.Run(_inputNames, _inputValues, _outputNames, _outputValues, runOptions);

    /// <summary>Releases the pinned tensors.</summary>
    public void Dispose()
    {
        foreach (var v in _inputValues)
        {
            v.Dispose();
        }
        foreach (var v in _outputValues)
        {
            v.Dispose();
        }
    }
}

