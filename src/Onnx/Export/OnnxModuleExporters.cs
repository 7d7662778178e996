using MLSegmentation.Torch.Modules;

namespace MLSegmentation.Onnx;

/// <summary>
/// The module-to-graph mapping: one <see cref="OnnxModuleExport{TModule}"/> per module type. A module is exported by
/// the exporter registered for its own type or else for its nearest base type (so one exporter for
/// <see cref="BatchNorm"/> serves <see cref="BatchNorm2d"/> and <see cref="BatchNorm3d"/>). <see cref="Default"/>
/// knows the engine's layers; <see cref="CreateDefault"/> gives a copy to register further types in (e.g. a
/// U-Net from the Trainers).
/// </summary>
public sealed class OnnxModuleExporters
{
    private readonly Dictionary<Type, Func<OnnxExportContext, Module, string, string>> _exporters;
    private readonly bool _frozen;

    /// <summary>An empty registry.</summary>
    public OnnxModuleExporters() => _exporters = [];

    private OnnxModuleExporters(Dictionary<Type, Func<OnnxExportContext, Module, string, string>> exporters, bool frozen)
    {
        _exporters = new(exporters);
        _frozen = frozen;
    }

    /// <summary>
    /// The engine's layers (read-only): Conv2d/3d, ConvTranspose2d/3d (BatchNorm right after them folded in),
    /// BatchNorm2d/3d, InstanceNorm2d/3d, GroupNorm, ReLU, LeakyReLU, Sigmoid, MaxPool2d/3d, AvgPool2d/3d, Upsample,
    /// Dropout and Identity (identity in evaluation), Sequential, and the Trainers' U-Net (<see cref="UNetOnnxExporter"/>).
    /// </summary>
    public static OnnxModuleExporters Default { get; } = new(DefaultModuleExporters.Create()._exporters, frozen: true);

    /// <summary>A modifiable copy of <see cref="Default"/>.</summary>
    public static OnnxModuleExporters CreateDefault() => new(Default._exporters, frozen: false);

    /// <summary>The module types with an exporter of their own.</summary>
    public IReadOnlyCollection<Type> RegisteredTypes => _exporters.Keys;

    /// <summary>Registers (or replaces) the exporter of <typeparamref name="TModule"/> and its subtypes; returns this registry.</summary>
    public OnnxModuleExporters Register<TModule>(OnnxModuleExport<TModule> export) where TModule : Module
    {
        ArgumentNullException.ThrowIfNull(export);
        if (_frozen) throw new InvalidOperationException("OnnxModuleExporters.Default is read-only; register in a copy from CreateDefault()");
        _exporters[typeof(TModule)] = (context, module, input) => export(context, (TModule)module, input);
        return this;
    }

    /// <summary>True when some exporter handles <paramref name="module"/>'s type.</summary>
    public bool CanExport(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Find(module.GetType()) is not null;
    }

    /// <summary>Exports <paramref name="module"/> from the value named <paramref name="input"/>; returns its output's name.</summary>
    /// <exception cref="NotSupportedException">No exporter handles the module's type.</exception>
    public string Export(OnnxExportContext context, Module module, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(module);
        Func<OnnxExportContext, Module, string, string> export = Find(module.GetType())
            ?? throw new NotSupportedException(
                $"ONNX export: no exporter for module type {module.GetType().FullName} ({module.GetName()}); register one with OnnxModuleExporters.Register");
        return export(context, module, input);
    }

    private Func<OnnxExportContext, Module, string, string>? Find(Type type)
    {
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (_exporters.TryGetValue(t, out var export)) return export;
        }
        return null;
    }
}
