// The Devices tutorial against DynamoDB Local (boto3 version: seed 004): create the table, load
// data.json, create, read and update an item, a conditional delete, delete the table.
//   devices_tutorial [path/to/devices.json]
#include <dynorm/dynorm.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

struct DeviceInfo {
    std::string info_timestamp;
    dynorm::number temperature1, temperature2, temperature3, temperature4, temperature5; // exact
};

struct Device {
    std::string device_id; // partition key
    int datacount = 0;     // sort key
    DeviceInfo info;
};

template <>
struct dynorm::schema<Device> {
    static constexpr std::string_view table = "Devices";
    static constexpr auto hash_key = &Device::device_id;
    static constexpr auto range_key = &Device::datacount;
};

static std::string json_of(const Device& d) { return dynorm::value::from(d).to_json(); }

int main(int argc, char** argv) try {
    const std::string data_path = argc > 1 ? argv[1] : "examples/data/devices.json";
    dynorm::client db;
    const auto devices = db.table<Device>();

    // create_table.py
    devices.create(dynorm::provisioned{10, 10});
    devices.wait_until_exists();
    std::cout << "Status: " << devices.describe().table_status << '\n';

    // load_data.py: numbers keep their exact decimal text
    std::ifstream file(data_path);
    if (!file) throw std::runtime_error("can't open " + data_path);
    std::stringstream text;
    text << file.rdbuf();
    for (const dynorm::value& entry : dynorm::value::from_json(text.str()).as_list()) {
        const Device device = entry.to<Device>();
        std::cout << "Loading Devices Data: " << device.device_id << ' ' << device.datacount << '\n';
        devices.put(device);
    }

    // create_item.py
    devices.put({"10001", 3,
                 {"1612522800", dynorm::number("23.74"), dynorm::number("32.56"), dynorm::number("12.43"),
                  dynorm::number("44.74"), dynorm::number("12.74")}});
    std::cout << "Create item successful.\n";

    // read_item.py
    if (const auto device = devices.get("10001", 3)) std::cout << "Get Device Data Done:\n" << json_of(*device) << '\n';

    // update_item.py: ReturnValues=UPDATED_NEW gives back only the updated members
    const auto updated = devices.update(
        {"10001", 3},
        "set info.info_timestamp=:time, info.temperature1=:t1, info.temperature2=:t2, "
        "info.temperature3=:t3, info.temperature4=:t4, info.temperature5=:t5",
        {.values = {{":time", "1612522800"}, {":t1", dynorm::number("33.74")}, {":t2", dynorm::number("23.74")},
                    {":t3", dynorm::number("25.2")}, {":t4", dynorm::number("22")}, {":t5", dynorm::number("25")}},
         .returns = dynorm::return_values::updated_new});
    std::cout << "Device Updated\n" << dynorm::value::from(updated->info).to_json() << '\n';

    // delete_item.py: info_timestamp is a string and the value a number, so, exactly as in the
    // tutorial, the condition is false (the typed expression DSL will make this a compile error).
    std::cout << "DynamoDB Conditional delete\n";
    try {
        devices.remove({"10001", 1}, {.condition = "info.info_timestamp <= :value",
                                      .values = {{":value", 1714910791415}}});
        std::cout << "Item Deleted\n";
    } catch (const dynorm::conditional_check_failed& e) {
        std::cout << e.message() << '\n';
    }

    // delete_table.py
    devices.drop();
    std::cout << "Table deleted.\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
