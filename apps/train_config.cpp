// apps/train_config.cpp — the options of `infoplane train`, from the command line and an INI file.
#include "apps/train_config.hpp"

#include <boost/program_options.hpp>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "apps/csv.hpp"
#include "apps/ini.hpp"
#include "apps/options.hpp"
#include "datasets/input_scaling.hpp"
#include "estimators/estimator.hpp"
#include "nn/init.hpp"
#include "nn/layers.hpp"

namespace po = boost::program_options;

namespace apps {

namespace {

// Values held as text while parsing, then checked and converted into TrainConfig.
struct RawOptions {
    std::string layers, probe;
    long long seed = 1;
    // Sizes are read signed, so that "-1" is refused instead of wrapping around to 2^64 - 1.
    long long batch_size = 512, probe_samples = 0, bottleneck = 2;
    std::vector<std::string> estimators;
};

po::options_description train_options(TrainConfig& c, RawOptions& raw, TrainInvocation& inv) {
    po::options_description general("Run");
    general.add_options()
        ("help,h", po::bool_switch(&inv.help), "print this help")
        ("config", po::value(&inv.config_path), "INI file with any of the options below (`key = value`)")
        ("out", po::value(&inv.out_dir), "the run directory to write (required)")
        ("force", po::bool_switch(&inv.force), "replace the run directory if it exists")
        ("resume", po::value(&inv.resume_dir), "continue the killed run DIR from its checkpoint (its run.ini is the configuration)");
    po::options_description data("Data");
    data.add_options()
        ("dataset", po::value(&c.dataset)->default_value(c.dataset), "szt | mnist | fashion-mnist")
        ("data_dir", po::value(&c.data_dir)->default_value(c.data_dir), "mnist, fashion-mnist: directory of the IDX files")
        ("split", po::value(&c.split)->default_value(c.split), "szt: idnns | saxe | random; mnist: files | random")
        ("train_fraction", po::value(&c.train_fraction)->default_value(c.train_fraction, format_number(c.train_fraction)), "share of rows that train")
        ("probe", po::value(&raw.probe)->default_value("all"), "recorded sets, comma-separated: all, train, test")
        ("probe_samples", po::value(&raw.probe_samples)->default_value(raw.probe_samples),
         "record a seeded random subset of this many rows of each set (0: all rows)")
        ("inputs", po::value(&c.inputs)->default_value(c.inputs),
         "unit ([0, 1] as loaded) | symmetric (2x - 1, as ibsgd) | standardize (per feature, training rows' mean and variance)");
    po::options_description model("Network");
    model.add_options()
        ("model", po::value(&c.model)->default_value(c.model), "mlp | lenet5 | autoencoder")
        ("layers", po::value(&raw.layers)->default_value("10,7,5,4,3"), "hidden widths (autoencoder: the encoder's), comma-separated")
        ("bottleneck", po::value(&raw.bottleneck)->default_value(raw.bottleneck), "autoencoder: width of the linear code layer")
        ("activation", po::value(&c.activation)->default_value(c.activation), "tanh | sigmoid | relu | linear")
        ("noise_sigma", po::value(&c.noise_sigma)->default_value(c.noise_sigma, format_number(c.noise_sigma)),
         "Gaussian noise N(0, sigma^2) after each hidden layer, also when recording (Goldfeld et al.)")
        ("dropout", po::value(&c.dropout)->default_value(c.dropout, format_number(c.dropout)),
         "dropout probability after each hidden layer, training only")
        ("init", po::value(&c.init)->default_value(c.init), "truncated_normal | glorot_uniform | he_normal")
        ("loss", po::value(&c.loss)->default_value(c.loss), "cross_entropy | clipped_cross_entropy | mse (autoencoder)");
    po::options_description training("Training");
    training.add_options()
        ("optimizer", po::value(&c.optimizer)->default_value(c.optimizer), "adam | sgd")
        ("lr", po::value(&c.lr)->default_value(c.lr, format_number(c.lr)), "learning rate")
        ("momentum", po::value(&c.momentum)->default_value(c.momentum, format_number(c.momentum)), "sgd momentum")
        ("nesterov", po::value(&c.nesterov)->default_value(c.nesterov, "false")->implicit_value(true, "true"), "sgd: Nesterov momentum")
        ("weight_decay", po::value(&c.weight_decay)->default_value(c.weight_decay, format_number(c.weight_decay)), "L2 penalty coefficient")
        ("decoupled_weight_decay", po::value(&c.decoupled_weight_decay)->default_value(c.decoupled_weight_decay, "false")->implicit_value(true, "true"),
         "decay the weights directly (AdamW, SGDW) instead of adding to the gradient")
        ("batch_size", po::value(&raw.batch_size)->default_value(raw.batch_size), "samples per step")
        ("epochs", po::value(&c.epochs)->default_value(c.epochs), "passes over the training set")
        ("seed", po::value(&raw.seed)->default_value(1), "seed of every random draw")
        ("threads", po::value(&c.threads)->default_value(c.threads), "OpenBLAS threads (0: one per core)");
    po::options_description plane("Information plane");
    plane.add_options()
        ("schedule", po::value(&c.schedule)->default_value(c.schedule), "log (IDNNs' log-spaced epochs) | every")
        ("snapshots", po::value(&c.snapshots)->default_value(c.snapshots), "log: number of distinct sampled epochs")
        ("every", po::value(&c.every)->default_value(c.every), "every: epochs between samples")
        ("estimator", po::value(&raw.estimators), "estimator spec, repeatable (default: binning)")
        ("geometry", po::value(&c.geometry)->default_value(c.geometry, "false")->implicit_value(true, "true"),
         "also record each layer's saturation, mean distance, class separation and effective rank");
    po::options_description all;
    all.add(general).add(data).add(model).add(training).add(plane);
    return all;
}

std::vector<std::string> split_commas(const std::string& text) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, ',')) parts.push_back(part);
    return parts;
}

std::vector<std::size_t> parse_widths(const std::string& text) {
    std::vector<std::size_t> widths;
    for (const std::string& part : split_commas(text)) {
        std::size_t width = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), width);
        if (error != std::errc() || end != part.data() + part.size() || width == 0)
            throw std::invalid_argument("layers: '" + part + "' is not a positive width (in '" + text + "')");
        widths.push_back(width);
    }
    if (widths.empty()) throw std::invalid_argument("layers: give at least one hidden width");
    return widths;
}

void require(bool condition, const std::string& message) {
    if (!condition) throw std::invalid_argument(message);
}

void require_one_of(const std::string& option, const std::string& value, const std::set<std::string>& known) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    require(known.count(value) > 0, option + ": unknown value '" + value + "' (known: " + list + ")");
}

// Stores the INI file's entries after the command line's, so that the command line wins.
void store_ini(const std::string& path, const po::options_description& options, po::variables_map& vm) {
    std::map<std::string, std::vector<IniEntry>> by_key;
    for (IniEntry& e : read_ini(path)) {
        const std::string where = path + ":" + std::to_string(e.line) + ": ";
        if (e.key == "config" || e.key == "out" || e.key == "force" || e.key == "resume" || e.key == "help")
            throw std::invalid_argument(where + "'" + e.key + "' belongs on the command line");
        if (!options.find_nothrow(e.key, false)) throw std::invalid_argument(where + "unknown key '" + e.key + "'");
        auto& same = by_key[e.key];
        if (!same.empty() && e.key != "estimator")
            throw std::invalid_argument(where + "'" + e.key + "' is set twice (first on line " +
                                        std::to_string(same.front().line) + ")");
        same.push_back(std::move(e));
    }
    for (const auto& [key, entries] : by_key) {
        std::vector<std::string> arguments;
        for (const IniEntry& e : entries) arguments.push_back("--" + key + "=" + e.value);
        try {
            po::store(po::command_line_parser(arguments).options(options).run(), vm);
        } catch (const po::error& error) {
            throw std::invalid_argument(path + ":" + std::to_string(entries.front().line) + ": " + error.what());
        }
    }
}

void validate(const TrainConfig& c) {
    require_one_of("dataset", c.dataset, {"szt", "mnist", "fashion-mnist"});
    if (c.dataset == "szt") {
        require_one_of("split", c.split, {"idnns", "saxe", "random"});
        require(c.model != "lenet5", "model: lenet5 needs 28x28 images (dataset = mnist or fashion-mnist)");
    } else {
        require(c.split == "files" || c.split == "random",
                "split: " + c.dataset + " uses files (the IDX files' own train/test) or random, not '" + c.split + "'");
    }
    require(c.train_fraction > 0.0 && c.train_fraction < 1.0, "train_fraction must be in (0, 1)");
    std::set<std::string> probes;
    for (const std::string& p : c.probe) {
        require_one_of("probe", p, {"all", "train", "test"});
        require(probes.insert(p).second, "probe: '" + p + "' is listed twice");
    }
    const std::vector<std::string>& scalings = datasets::input_scaling_names();
    require_one_of("inputs", c.inputs, std::set<std::string>(scalings.begin(), scalings.end()));
    require_one_of("model", c.model, {"mlp", "lenet5", "autoencoder"});
    // The autoencoder's target is its input, reproduced by a sigmoid output in (0, 1): a target in
    // [-1, 1] or standardised has values that output cannot reach.
    require(c.model != "autoencoder" || c.inputs == "unit",
            "inputs: an autoencoder reproduces its input through a sigmoid output in (0, 1), so it needs inputs = unit, not '" +
                c.inputs + "'");
    require(std::isfinite(c.noise_sigma) && c.noise_sigma >= 0.0, "noise_sigma must be >= 0");
    require(std::isfinite(c.dropout) && c.dropout >= 0.0 && c.dropout < 1.0, "dropout must be in [0, 1)");
    nn::parse_activation(c.activation);
    require(c.activation != "softmax", "activation: softmax is the output layer's; choose tanh, sigmoid, relu or linear");
    nn::parse_init(c.init);
    require_one_of("loss", c.loss, {"cross_entropy", "clipped_cross_entropy", "mse"});
    require((c.model == "autoencoder") == (c.loss == "mse"),
            "loss: an autoencoder is trained with loss = mse, a classifier with cross_entropy or clipped_cross_entropy");
    require_one_of("optimizer", c.optimizer, {"adam", "sgd"});
    require(std::isfinite(c.lr) && c.lr > 0.0, "lr must be a positive number");
    require(std::isfinite(c.momentum) && c.momentum >= 0.0 && c.momentum < 1.0, "momentum must be in [0, 1)");
    require(!c.nesterov || (c.optimizer == "sgd" && c.momentum > 0.0), "nesterov needs optimizer = sgd and a momentum > 0");
    require(std::isfinite(c.weight_decay) && c.weight_decay >= 0.0, "weight_decay must be >= 0");
    require(c.batch_size > 0, "batch_size must be positive");
    require(c.epochs > 0, "epochs must be positive");
    require(c.threads >= 0, "threads must be >= 0 (0: one per core)");
    require_one_of("schedule", c.schedule, {"log", "every"});
    require(c.snapshots > 0, "snapshots must be positive");
    require(c.every > 0, "every must be positive");
    for (const std::string& spec : c.estimators) estimators::make_estimator(spec);  // throws if bad
}

}  // namespace

TrainInvocation parse_train_arguments(const std::vector<std::string>& arguments) {
    TrainInvocation inv;
    RawOptions raw;
    const po::options_description options = train_options(inv.config, raw, inv);
    po::variables_map vm;
    try {
        po::store(parse_options(arguments, options, "train"), vm);
    } catch (const po::error& error) {
        throw std::invalid_argument(std::string("train: ") + error.what());
    }
    if (vm.count("resume")) {  // the run's run.ini is its whole configuration: nothing may change it
        for (const auto& [key, value] : vm)
            if (key != "resume" && key != "help" && !value.defaulted())
                throw std::invalid_argument("train: --resume DIR continues the run DIR/run.ini configures; --" + key +
                                            " cannot be combined with it");
        const std::string dir = vm["resume"].as<std::string>();
        require(!dir.empty(), "train: --resume needs a run directory");
        if (!std::filesystem::exists(std::filesystem::path(dir) / "run.ini"))
            throw std::runtime_error(dir + " is not a run directory (no run.ini); nothing to resume");
        store_ini(dir + "/run.ini", options, vm);
    }
    if (vm.count("config")) store_ini(vm["config"].as<std::string>(), options, vm);
    po::notify(vm);
    if (inv.help) return inv;
    if (!inv.resume_dir.empty()) inv.out_dir = inv.resume_dir;

    TrainConfig& c = inv.config;
    require(!inv.out_dir.empty(), "train: --out DIR is required");
    require(raw.seed >= 0, "seed must be >= 0");
    c.seed = std::uint64_t(raw.seed);
    require(raw.batch_size > 0, "batch_size must be positive");
    require(raw.bottleneck > 0, "bottleneck must be positive");
    require(raw.probe_samples >= 0, "probe_samples must be >= 0 (0: all rows)");
    c.batch_size = std::size_t(raw.batch_size);
    c.bottleneck = std::size_t(raw.bottleneck);
    c.probe_samples = std::size_t(raw.probe_samples);
    c.layers = parse_widths(raw.layers);
    c.probe = split_commas(raw.probe);
    if (!raw.estimators.empty()) c.estimators = raw.estimators;
    validate(c);
    return inv;
}

std::string train_usage() {
    TrainInvocation inv;
    RawOptions raw;
    std::ostringstream out;
    out << "usage: infoplane train --out DIR [--config FILE.ini] [options]\n"
        << "       infoplane train --resume DIR\n"
        << train_options(inv.config, raw, inv);
    return out.str();
}

std::string to_ini(const TrainConfig& c) {
    auto join = [](const auto& items) {
        std::string text;
        for (const auto& item : items) {
            if (!text.empty()) text += ',';
            if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>) text += item;
            else text += std::to_string(item);
        }
        return text;
    };
    std::ostringstream out;
    out << "dataset = " << c.dataset << (c.dataset == "szt" ? std::string() : "\ndata_dir = " + c.data_dir)
        << "\nsplit = " << c.split << "\ntrain_fraction = " << format_number(c.train_fraction)
        << "\nprobe = " << join(c.probe)
        << (c.probe_samples > 0 ? "\nprobe_samples = " + std::to_string(c.probe_samples) : std::string())
        << "\ninputs = " << c.inputs
        << "\n\nmodel = " << c.model << "\nlayers = " << join(c.layers)
        << (c.model == "autoencoder" ? "\nbottleneck = " + std::to_string(c.bottleneck) : std::string())
        << "\nactivation = " << c.activation
        << (c.noise_sigma > 0.0 ? "\nnoise_sigma = " + format_number(c.noise_sigma) : std::string())
        << (c.dropout > 0.0 ? "\ndropout = " + format_number(c.dropout) : std::string())
        << "\ninit = " << c.init << "\nloss = " << c.loss << "\n\noptimizer = " << c.optimizer
        << "\nlr = " << format_number(c.lr) << "\nmomentum = " << format_number(c.momentum)
        << "\nnesterov = " << (c.nesterov ? "true" : "false") << "\nweight_decay = " << format_number(c.weight_decay)
        << "\ndecoupled_weight_decay = " << (c.decoupled_weight_decay ? "true" : "false")
        << "\nbatch_size = " << c.batch_size << "\nepochs = " << c.epochs << "\nseed = " << c.seed
        << "\nthreads = " << c.threads << "\n\nschedule = " << c.schedule << "\nsnapshots = " << c.snapshots
        << "\nevery = " << c.every << "\ngeometry = " << (c.geometry ? "true" : "false") << "\n";
    for (const std::string& spec : c.estimators) out << "estimator = " << spec << "\n";
    return out.str();
}

}  // namespace apps
