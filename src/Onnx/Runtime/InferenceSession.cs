using System.Runtime.InteropServices;
using System.Text;

namespace MLSegmentation.Onnx;

/// <summary>
/// An ONNX Runtime inference session (<c>OrtSession</c>) over one model, in the shape of ONNX Runtime's C# API:
/// load once, read input/output metadata, and <c>Run</c> from any number of threads at once.
/// </summary>
/// <remarks>
/// <para>Owns the native session; dispose it when done. Disposal waits for nothing but is safe while runs are in
/// flight: the native session is released when the last run using it returns.</para>
/// <para>Thread safety: all <c>Run</c> overloads may be called concurrently (ORT sessions are thread-safe);
/// the metadata is immutable.</para>
/// </remarks>
public sealed class InferenceSession : IDisposable
{
    private const int StackLimit = 16;

    private readonly OrtSessionHandle _handle;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;
    private readonly IntPtr[] _inputNamePointers;
    private readonly IntPtr[] _outputNamePointers;

    /// <summary>Loads the model at <paramref name="modelPath"/> with default options (CPU).</summary>
    /// <param name="modelPath">Path of the .onnx file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OrtException">ORT cannot load the model; the message names the file and gives ORT's reason.</exception>
    public InferenceSession(string modelPath)
        : this(modelPath, null)
    {
    }

    /// <summary>Loads the model at <paramref name="modelPath"/> with <paramref name="options"/>.</summary>
    /// <param name="modelPath">Path of the .onnx file.</param>
    /// <param name="options">Session options (not taken over; the caller disposes them), or null for defaults.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OrtException">ORT cannot load the model; the message names the file and gives ORT's reason.</exception>
    /// <exception cref="InvalidOperationException">CUDA was required (<see cref="ExecutionProvider.Cuda"/> without fallback) but is unavailable.</exception>
    public unsafe InferenceSession(string modelPath, SessionOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"ONNX model file '{fullPath}' does not exist.", fullPath);
        }
        ModelSource = fullPath;
        var pathBytes = OrtEnvironment.Utf8z(fullPath);
        _handle = Create(options, optionsHandle =>
        {
            IntPtr session;
            fixed (byte* p = pathBytes)
            {
                NativeMethods.Check(NativeMethods.Api.CreateSession(OrtEnvironment.Instance.Pointer, p, optionsHandle, &session),
                    $"Failed to load ONNX model '{fullPath}'");
            }
            return session;
        });
        (_inputIndex, _outputIndex, _inputNamePointers, _outputNamePointers) = ReadMetadata();
    }

    /// <summary>Loads a model from its serialized bytes with default options (CPU).</summary>
    /// <param name="model">The ONNX model bytes (copied by ORT; the array may be reused afterwards).</param>
    /// <exception cref="OrtException">ORT cannot load the model.</exception>
    public InferenceSession(byte[] model)
        : this(model, null)
    {
    }

    /// <summary>Loads a model from its serialized bytes with <paramref name="options"/>.</summary>
    /// <param name="model">The ONNX model bytes (copied by ORT; the array may be reused afterwards).</param>
    /// <param name="options">Session options (the caller disposes them), or null for defaults.</param>
    /// <exception cref="OrtException">ORT cannot load the model.</exception>
    public unsafe InferenceSession(byte[] model, SessionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelSource = $"<{model.Length}-byte model>";
        _handle = Create(options, optionsHandle =>
        {
            IntPtr session;
            fixed (byte* p = model)
            {
                NativeMethods.Check(NativeMethods.Api.CreateSessionFromArray(OrtEnvironment.Instance.Pointer, p, (nuint)model.Length, optionsHandle, &session),
                    $"Failed to load ONNX model from a {model.Length}-byte array");
            }
            return session;
        });
        (_inputIndex, _outputIndex, _inputNamePointers, _outputNamePointers) = ReadMetadata();
    }

    /// <summary>The model's full file path, or a description of the byte array it was loaded from.</summary>
    public string ModelSource { get; }

    /// <summary>The execution provider the session runs on (<see cref="ExecutionProvider.Cpu"/> or <see cref="ExecutionProvider.Cuda"/>).</summary>
    public ExecutionProvider ExecutionProvider { get; private set; }

    /// <summary>Why CUDA was requested but the session fell back to CPU; null if no fallback happened.</summary>
    public string? ExecutionProviderFallbackReason { get; private set; }

    /// <summary>The model's input names, in model order.</summary>
    public IReadOnlyList<string> InputNames { get; private set; } = [];

    /// <summary>The model's output names, in model order.</summary>
    public IReadOnlyList<string> OutputNames { get; private set; } = [];

    /// <summary>Metadata of each input by name.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata { get; private set; } = new Dictionary<string, NodeMetadata>();

    /// <summary>Metadata of each output by name.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> OutputMetadata { get; private set; } = new Dictionary<string, NodeMetadata>();

    /// <summary>The model's metadata (producer, graph, domain, description, version, custom map).</summary>
    public ModelMetadata ModelMetadata { get; private set; } = null!;

    /// <summary>
    /// Runs the model on named inputs and returns all outputs, in model order, each named and owned by the
    /// returned collection (dispose it to free ORT's output memory).
    /// </summary>
    /// <param name="inputs">The inputs by name; not disposed by this call.</param>
    /// <param name="runOptions">Optional per-run options.</param>
    /// <returns>The outputs; the caller disposes the collection.</returns>
    /// <exception cref="OrtException">A bad input name, shape, rank or element type, or a failure inside ORT.</exception>
    public IDisposableReadOnlyCollection<NamedOnnxValue> Run(IReadOnlyList<NamedOnnxValue> inputs, RunOptions? runOptions = null) =>
        Run(inputs, OutputNames, runOptions);

    /// <summary>Runs the model on named inputs and returns the requested outputs, named and owned by the returned collection.</summary>
    /// <param name="inputs">The inputs by name; not disposed by this call.</param>
    /// <param name="outputNames">The outputs wanted.</param>
    /// <param name="runOptions">Optional per-run options.</param>
    /// <returns>The outputs in the order of <paramref name="outputNames"/>; the caller disposes the collection.</returns>
    public IDisposableReadOnlyCollection<NamedOnnxValue> Run(IReadOnlyList<NamedOnnxValue> inputs, IReadOnlyList<string> outputNames, RunOptions? runOptions = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        var names = new string[inputs.Count];
        var values = new OrtValue[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            names[i] = inputs[i].Name;
            values[i] = inputs[i].Value;
        }
        using var outputs = Run(names, values, outputNames, runOptions);
        var result = new DisposableList<NamedOnnxValue>(outputs.Count);
        for (var i = 0; i < outputs.Count; i++)
        {
            result.Add(NamedOnnxValue.CreateOwned(outputNames[i], outputs[i]));
        }
        // Ownership moved to result; stop the using from disposing them.
        ((DisposableList<OrtValue>)outputs).Clear();
        return result;
    }

    /// <summary>
    /// Runs the model; ORT allocates the outputs, which the returned collection owns (dispose it). Output data is
    /// readable without copies through <see cref="OrtValue.GetTensorDataAsSpan{T}"/>.
    /// </summary>
    /// <param name="inputNames">Input names, parallel to <paramref name="inputValues"/>.</param>
    /// <param name="inputValues">Input values; not disposed by this call.</param>
    /// <param name="outputNames">The outputs wanted.</param>
    /// <param name="runOptions">Optional per-run options.</param>
    /// <returns>The outputs in the order of <paramref name="outputNames"/>.</returns>
    /// <exception cref="OrtException">A bad input name, shape, rank or element type, or a failure inside ORT.</exception>
    public unsafe IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues,
        IReadOnlyList<string> outputNames, RunOptions? runOptions = null)
    {
        ArgumentNullException.ThrowIfNull(outputNames);
        var count = outputNames.Count;
        var outputs = count <= StackLimit ? stackalloc IntPtr[count] : new IntPtr[count];
        outputs.Clear();
        fixed (IntPtr* outs = outputs)
        {
            RunCore(inputNames, inputValues, outputNames, outs, runOptions);
        }
        var result = new DisposableList<OrtValue>(count);
        foreach (var value in outputs)
        {
            result.Add(OrtValue.FromNative(value));
        }
        return result;
    }

    /// <summary>
    /// Runs the model writing into caller-provided outputs (pre-allocated, e.g. with
    /// <see cref="OrtValue.CreateTensorValueFromMemory{T}(T[], ReadOnlySpan{long})"/> over reused arrays): no
    /// output allocation per call, for batch scoring. Each output's shape and element type must match what the
    /// model produces for these inputs.
    /// </summary>
    /// <param name="inputNames">Input names, parallel to <paramref name="inputValues"/>.</param>
    /// <param name="inputValues">Input values; not disposed by this call.</param>
    /// <param name="outputNames">Output names, parallel to <paramref name="outputValues"/>.</param>
    /// <param name="outputValues">Output tensors ORT writes into; owned and disposed by the caller.</param>
    /// <param name="runOptions">Optional per-run options.</param>
    /// <exception cref="OrtException">A bad name, shape, rank or element type, or a failure inside ORT.</exception>
    public unsafe void Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues,
        IReadOnlyList<string> outputNames, IReadOnlyList<OrtValue> outputValues, RunOptions? runOptions = null)
    {
        ArgumentNullException.ThrowIfNull(outputNames);
        ArgumentNullException.ThrowIfNull(outputValues);
        if (outputNames.Count != outputValues.Count)
        {
            throw new ArgumentException($"{outputNames.Count} output names but {outputValues.Count} output values.", nameof(outputValues));
        }
        var count = outputValues.Count;
        var outputs = count <= StackLimit ? stackalloc IntPtr[count] : new IntPtr[count];
        var refs = count <= StackLimit ? stackalloc bool[count] : new bool[count];
        refs.Clear();
        try
        {
            for (var i = 0; i < count; i++)
            {
                ArgumentNullException.ThrowIfNull(outputValues[i]);
                var handle = outputValues[i].Handle;
                handle.DangerousAddRef(ref refs[i]);
                outputs[i] = handle.Pointer;
            }
            fixed (IntPtr* outs = outputs)
            {
                RunCore(inputNames, inputValues, outputNames, outs, runOptions);
            }
            for (var i = 0; i < count; i++)
            {
                if (outputs[i] != outputValues[i].UncheckedHandle.Pointer)
                {
                    // ORT replaced a pre-allocated output (it never does for CPU tensors of the right shape); do not leak it.
                    NativeMethods.Api.ReleaseValue(outputs[i]);
                    throw new OrtException(OrtErrorCode.Fail, $"Running '{ModelSource}': ORT did not write output '{outputNames[i]}' in place.");
                }
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                if (refs[i])
                {
                    outputValues[i].UncheckedHandle.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Releases the native session (deferred until runs in flight return).</summary>
    public void Dispose() => _handle.Dispose();

    private unsafe void RunCore(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputValues,
        IReadOnlyList<string> outputNames, IntPtr* outputs, RunOptions? runOptions)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputValues);
        if (inputNames.Count != inputValues.Count)
        {
            throw new ArgumentException($"{inputNames.Count} input names but {inputValues.Count} input values.", nameof(inputValues));
        }
        var inputCount = inputNames.Count;
        var outputCount = outputNames.Count;
        var inNames = inputCount <= StackLimit ? stackalloc IntPtr[inputCount] : new IntPtr[inputCount];
        var inValues = inputCount <= StackLimit ? stackalloc IntPtr[inputCount] : new IntPtr[inputCount];
        var inRefs = inputCount <= StackLimit ? stackalloc bool[inputCount] : new bool[inputCount];
        var outNames = outputCount <= StackLimit ? stackalloc IntPtr[outputCount] : new IntPtr[outputCount];
        inRefs.Clear();
        var fed = InputNames.Count <= 64 ? stackalloc bool[InputNames.Count] : new bool[InputNames.Count];
        fed.Clear();
        var sessionRef = false;
        var runOptionsRef = false;
        var runOptionsHandle = runOptions?.Handle;
        try
        {
            _handle.DangerousAddRef(ref sessionRef);
            for (var i = 0; i < inputCount; i++)
            {
                if (!_inputIndex.TryGetValue(inputNames[i], out var index))
                {
                    throw new OrtException(OrtErrorCode.InvalidArgument,
                        $"Running '{ModelSource}': '{inputNames[i]}' is not an input of the model (inputs: {string.Join(", ", InputNames)}).");
                }
                if (fed[index])
                {
                    throw new OrtException(OrtErrorCode.InvalidArgument, $"Running '{ModelSource}': input '{inputNames[i]}' is given more than once.");
                }
                fed[index] = true;
                inNames[i] = _inputNamePointers[index];
                var value = inputValues[i] ?? throw new ArgumentNullException(nameof(inputValues), $"Input '{inputNames[i]}' is null.");
                value.Handle.DangerousAddRef(ref inRefs[i]);
                inValues[i] = value.Handle.Pointer;
            }
            if (inputCount != InputNames.Count)
            {
                // ORT 1.30 does not reject missing feeds up front; a kernel would meet a null input.
                var missing = new List<string>();
                for (var index = 0; index < InputNames.Count; index++)
                {
                    if (!fed[index])
                    {
                        missing.Add(InputNames[index]);
                    }
                }
                throw new OrtException(OrtErrorCode.InvalidArgument,
                    $"Running '{ModelSource}': missing input(s) {string.Join(", ", missing)}; the model needs all of: {string.Join(", ", InputNames)}.");
            }
            for (var i = 0; i < outputCount; i++)
            {
                if (!_outputIndex.TryGetValue(outputNames[i], out var index))
                {
                    throw new OrtException(OrtErrorCode.InvalidArgument,
                        $"Running '{ModelSource}': '{outputNames[i]}' is not an output of the model (outputs: {string.Join(", ", OutputNames)}).");
                }
                outNames[i] = _outputNamePointers[index];
            }
            runOptionsHandle?.DangerousAddRef(ref runOptionsRef);
            fixed (IntPtr* pInNames = inNames)
            fixed (IntPtr* pInValues = inValues)
            fixed (IntPtr* pOutNames = outNames)
            {
                var status = NativeMethods.Api.Run(_handle.Pointer, runOptionsHandle?.Pointer ?? IntPtr.Zero,
                    (byte**)pInNames, pInValues, (nuint)inputCount, (byte**)pOutNames, (nuint)outputCount, outputs);
                if (status != IntPtr.Zero)
                {
                    // The context string is built only on failure, so a successful run allocates nothing.
                    throw NativeMethods.CreateException(status, $"Running '{ModelSource}'");
                }
            }
        }
        finally
        {
            if (runOptionsRef)
            {
                runOptionsHandle!.DangerousRelease();
            }
            for (var i = 0; i < inputCount; i++)
            {
                if (inRefs[i])
                {
                    inputValues[i].UncheckedHandle.DangerousRelease();
                }
            }
            if (sessionRef)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private OrtSessionHandle Create(SessionOptions? options, Func<IntPtr, IntPtr> create)
    {
        var ownedOptions = options is null ? new SessionOptions() : null;
        var opts = options ?? ownedOptions!;
        try
        {
            var handle = new OrtSessionHandle();
            var requested = opts.ExecutionProvider;
            if (requested == ExecutionProvider.Cpu)
            {
                handle.Attach(create(opts.Handle.Pointer));
                ExecutionProvider = ExecutionProvider.Cpu;
                return handle;
            }
            var fallback = requested == ExecutionProvider.Auto || opts.FallbackToCpu;
            var reason = SessionOptions.GetCudaUnavailableReason();
            if (reason is null)
            {
                using var cudaOptions = opts.CloneNative();
                try
                {
                    SessionOptions.AppendCudaUnchecked(cudaOptions, opts.CudaDeviceId);
                    handle.Attach(create(cudaOptions.Pointer));
                    ExecutionProvider = ExecutionProvider.Cuda;
                    return handle;
                }
                catch (OrtException e) when (fallback)
                {
                    reason = $"CUDA execution provider failed (device {opts.CudaDeviceId}): {e.Message}";
                }
            }
            if (!fallback)
            {
                throw new InvalidOperationException(reason);
            }
            handle.Attach(create(opts.Handle.Pointer));
            ExecutionProvider = ExecutionProvider.Cpu;
            ExecutionProviderFallbackReason = reason + " Falling back to the CPU execution provider.";
            return handle;
        }
        finally
        {
            ownedOptions?.Dispose();
        }
    }

    private unsafe (Dictionary<string, int>, Dictionary<string, int>, IntPtr[], IntPtr[]) ReadMetadata()
    {
        try
        {
            var api = NativeMethods.Api;
            var session = _handle.Pointer;
            nuint inputCount, outputCount;
            NativeMethods.Check(api.SessionGetInputCount(session, &inputCount));
            NativeMethods.Check(api.SessionGetOutputCount(session, &outputCount));
            var inputs = ReadNodes(session, (int)inputCount, api.SessionGetInputName, api.SessionGetInputTypeInfo);
            var outputs = ReadNodes(session, (int)outputCount, api.SessionGetOutputName, api.SessionGetOutputTypeInfo);
            InputNames = [.. inputs.Select(n => n.Name)];
            OutputNames = [.. outputs.Select(n => n.Name)];
            InputMetadata = inputs.ToDictionary(n => n.Name, StringComparer.Ordinal);
            OutputMetadata = outputs.ToDictionary(n => n.Name, StringComparer.Ordinal);
            ModelMetadata = ModelMetadata.Read(_handle);

            // One native block with every name NUL-terminated; freed with the session handle.
            var all = InputNames.Concat(OutputNames).ToArray();
            var size = all.Sum(n => Encoding.UTF8.GetByteCount(n) + 1);
            var block = (byte*)NativeMemory.Alloc((nuint)Math.Max(size, 1));
            _handle.NameBlock = block;
            var pointers = new IntPtr[all.Length];
            var offset = 0;
            for (var i = 0; i < all.Length; i++)
            {
                pointers[i] = (IntPtr)(block + offset);
                var written = Encoding.UTF8.GetBytes(all[i], new Span<byte>(block + offset, size - offset));
                block[offset + written] = 0;
                offset += written + 1;
            }
            var inputIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            var outputIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < InputNames.Count; i++)
            {
                inputIndex[InputNames[i]] = i;
            }
            for (var i = 0; i < OutputNames.Count; i++)
            {
                outputIndex[OutputNames[i]] = i;
            }
            return (inputIndex, outputIndex, pointers[..InputNames.Count], pointers[InputNames.Count..]);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    private static unsafe List<NodeMetadata> ReadNodes(IntPtr session, int count,
        delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> getName,
        delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr> getTypeInfo)
    {
        var nodes = new List<NodeMetadata>(count);
        for (var i = 0; i < count; i++)
        {
            byte* namePtr;
            NativeMethods.Check(getName(session, (nuint)i, OrtAllocator.DefaultPointer, &namePtr));
            var name = OrtAllocatedMemoryHandle.TakeString((IntPtr)namePtr);
            IntPtr typeInfo;
            NativeMethods.Check(getTypeInfo(session, (nuint)i, &typeInfo));
            using var ownedTypeInfo = new OrtTypeInfoHandle();
            ownedTypeInfo.Attach(typeInfo);
            nodes.Add(NodeMetadata.Read(name, typeInfo));
        }
        return nodes;
    }
}
