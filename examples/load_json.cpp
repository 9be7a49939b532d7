// Bulk loading: a JSON array file into a table through the batch writer (boto3: the load_data.py
// of seeds 003 and 004), then every item read back with batch_get and compared with the file.
//
//   load_json devices FILE [TABLE]   devices.json of the Devices tutorial (table "Devices")
//   load_json movies FILE [TABLE]    Movies data: examples/data/movies.json or the full moviedata.json
//
// The table is created if it doesn't exist. On a terminal a progress line shows the items written
// and the rate. Numbers are dynorm::number where the file has decimals: their text is stored as
// written, digit for digit.
#include <dynorm/dynorm.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

struct DeviceInfo {
    std::string info_timestamp;
    dynorm::number temperature1, temperature2, temperature3, temperature4, temperature5;
};
struct Device {
    std::string device_id;
    int datacount = 0;
    DeviceInfo info;
};
template <>
struct dynorm::schema<Device> {
    static constexpr std::string_view table = "Devices";
    static constexpr auto hash_key = &Device::device_id;
    static constexpr auto range_key = &Device::datacount;
};

struct MovieInfo {
    std::optional<std::vector<std::string>> directors;
    std::optional<std::string> release_date;
    std::optional<dynorm::number> rating;
    std::optional<std::vector<std::string>> genres;
    std::optional<std::string> image_url;
    std::optional<std::string> plot;
    std::optional<int> rank;
    std::optional<int> running_time_secs;
    std::optional<std::vector<std::string>> actors;
};
struct Movie {
    int year = 0;
    std::string title;
    MovieInfo info;
};
template <>
struct dynorm::schema<Movie> {
    static constexpr std::string_view table = "Movies";
    static constexpr auto hash_key = &Movie::year;
    static constexpr auto range_key = &Movie::title;
};

template <class T>
int load(const dynorm::client& db, const dynorm::value& file, std::string_view table_name) {
    const auto table = db.table<T>(table_name);
    try {
        table.describe();
        std::cout << "table " << table.name() << " exists\n";
    } catch (const dynorm::resource_not_found&) {
        table.create(dynorm::provisioned{25, 25});
        table.wait_until_exists();
        std::cout << "table " << table.name() << " created\n";
    }

    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    const auto started = std::chrono::steady_clock::now();
    const auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    std::vector<dynorm::primary_key<T>> keys;
    std::unordered_map<std::string, const dynorm::value*> entry_of_key; // to compare what comes back
    const auto key_text = [](const dynorm::primary_key<T>& key) {
        std::string text;
        dynorm::append_key<T>(text, key);
        return text;
    };
    {
        auto batch = table.batch_writer({.max_in_flight = 4});
        auto last_report = started;
        for (const dynorm::value& entry : file.as_list()) {
            const T item = entry.template to<T>(); // a mismatch names the attribute at fault
            batch.put(item);
            keys.push_back(dynorm::key_of(item));
            entry_of_key[key_text(keys.back())] = &entry;
            if (terminal && std::chrono::steady_clock::now() - last_report > std::chrono::milliseconds(100)) {
                last_report = std::chrono::steady_clock::now();
                std::printf("\r%zu of %zu items written, %.0f items/s ", batch.written(), file.as_list().size(),
                            static_cast<double>(batch.written()) / seconds());
                std::fflush(stdout);
            }
        }
        batch.flush(); // throws batch_write_error naming every item that didn't make it
        if (terminal) std::printf("\r%60s\r", "");
    }
    const double elapsed = seconds();
    std::cout << "loaded " << keys.size() << " items into " << table.name() << '\n';
    std::printf("%.0f items/s\n", static_cast<double>(keys.size()) / elapsed);

    // read everything back and compare with the file, numbers included
    std::size_t same = 0;
    for (const T& stored : table.batch_get(keys, {.consistent_read = true}))
        same += dynorm::value::from(stored) == *entry_of_key.at(key_text(dynorm::key_of(stored)));
    std::cout << "read back " << same << " of " << keys.size() << " items exactly as in the file\n";
    return same == keys.size() ? 0 : 1;
}

int main(int argc, char** argv) try {
    if (argc < 3 || (std::string_view(argv[1]) != "devices" && std::string_view(argv[1]) != "movies")) {
        std::cerr << "usage: load_json devices|movies FILE [TABLE]\n";
        return 2;
    }
    const std::string_view kind = argv[1];
    std::ifstream in(argv[2]);
    if (!in) throw std::runtime_error(std::string("can't open ") + argv[2]);
    std::stringstream text;
    text << in.rdbuf();
    const dynorm::value file = dynorm::value::from_json(text.str());
    const std::string_view table = argc > 3 ? argv[3] : "";
    const dynorm::client db;
    return kind == "devices" ? load<Device>(db, file, table) : load<Movie>(db, file, table);
} catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
}
