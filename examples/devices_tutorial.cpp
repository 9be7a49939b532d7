// The Devices tutorial against DynamoDB Local (boto3 version: seed 004): create the table, load
// data.json, create, read and update an item, a conditional delete, query, scan, delete the table.
//   devices_tutorial [path/to/devices.json]
#include <dynorm/dynorm.hpp>

#include <algorithm>
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

using namespace dynorm::dsl;

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
    using I = DeviceInfo;
    const auto updated = devices.update(
        {"10001", 3},
        actions(set(attr_<&Device::info, &I::info_timestamp>, "1612522800"),
                set(attr_<&Device::info, &I::temperature1>, dynorm::number("33.74")),
                set(attr_<&Device::info, &I::temperature2>, dynorm::number("23.74")),
                set(attr_<&Device::info, &I::temperature3>, dynorm::number("25.2")),
                set(attr_<&Device::info, &I::temperature4>, dynorm::number("22")),
                set(attr_<&Device::info, &I::temperature5>, dynorm::number("25"))),
        {.returns = dynorm::return_values::updated_new});
    std::cout << "Device Updated\n" << dynorm::value::from(updated->info).to_json() << '\n';

    // delete_item.py: info_timestamp is a string and the value a number, so, exactly as in the
    // tutorial, the condition is false. With the DSL this mistake doesn't compile:
    //   {.condition = attr_<&Device::info, &DeviceInfo::info_timestamp> <= 1714910791415}
    //   error: dynorm: the operand's type doesn't fit the attribute's type ...
    // so it is written here as a raw expression string, the escape hatch.
    std::cout << "DynamoDB Conditional delete\n";
    try {
        devices.remove({"10001", 1}, {.condition = "info.info_timestamp <= :value",
                                      .values = {{":value", 1714910791415}}});
        std::cout << "Item Deleted\n";
    } catch (const dynorm::conditional_check_failed& e) {
        std::cout << e.message() << '\n';
    }

    // query.py
    std::cout << "Device Data from Device ID: 10001\n";
    for (const Device& d : devices.query(key_<&Device::device_id> == "10001"))
        std::cout << d.device_id << " : " << d.datacount << '\n';

    // scan.py: every item, page after page (printed in key order: scan order is the table's)
    std::cout << "Scanning all devices data\n";
    std::vector<Device> all = devices.scan().to_vector();
    std::sort(all.begin(), all.end(), [](const Device& a, const Device& b) {
        return std::tie(a.device_id, a.datacount) < std::tie(b.device_id, b.datacount);
    });
    for (const Device& d : all) std::cout << d.device_id << " : " << d.datacount << " " << d.info.info_timestamp << '\n';

    // delete_table.py
    devices.drop();
    std::cout << "Table deleted.\n";
    return 0;
} catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
}
